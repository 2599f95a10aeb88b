// The per-mailbox storage cap, counted across deliveries, evictions, deletes
// and clear (the running byte total the delivery path keeps in memory).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeIdle, deliver, http, json } from "../../bench/lib/http";
import { claim } from "../load/mailbox-audit";
import { type Service, startService } from "./service";

const CAP = 100_000;
let svc: Service;
beforeAll(async () => {
  // These mails are seconds old: no minimum age, so the oldest can go.
  svc = await startService({ vars: { MAILBOX_MAX_BYTES: String(CAP), EVICT_MIN_AGE_SECONDS: "0" } });
});
afterAll(async () => {
  closeIdle();
  await svc?.stop();
});

function mail(to: string, n: number): string {
  return (
    `From: a@service.example\r\nTo: ${to}\r\nSubject: m${n}\r\nMessage-ID: <cap${n}@x>\r\n` +
    `Content-Type: text/plain\r\n\r\n${"x".repeat(10_000)}\r\n`
  );
}

describe("mailbox storage cap", () => {
  it("evicts the oldest to stay under the cap, and counts right after deletes and clear", async () => {
    const m = await claim(svc.url, "capped");
    const headers = { Authorization: `Bearer ${m.token}` };
    const meta = async () =>
      json<{ count: number; storedBytes: number; latestId: number }>(await http(`${svc.url}/api/v1/mailboxes/${m.address}`, { headers }));
    const send = async (n: number) =>
      expect((await deliver(svc.url, "a@service.example", m.address, new TextEncoder().encode(mail(m.address, n)))).status).toBe(200);

    for (let n = 1; n <= 12; n++) await send(n);
    let s = await meta();
    // Each mail costs its raw bytes plus its text (~20 KB): four fit, the oldest went.
    expect(s.storedBytes).toBeLessThanOrEqual(CAP);
    expect(s.count).toBe(4);
    const ids = (json(await http(`${svc.url}/api/v1/mailboxes/${m.address}/messages`, { headers })).messages as { id: number }[]).map(
      (x) => x.id,
    );
    expect(ids).toEqual([12, 11, 10, 9]);

    // A delete frees room: the next mail evicts nothing.
    expect((await http(`${svc.url}/api/v1/mailboxes/${m.address}/messages/12`, { method: "DELETE", headers })).status).toBe(204);
    await send(13);
    s = await meta();
    expect(s.count).toBe(4);

    // After clear the mailbox is empty again and takes four without evicting.
    expect((await http(`${svc.url}/api/v1/mailboxes/${m.address}/messages`, { method: "DELETE", headers })).status).toBe(204);
    for (let n = 14; n <= 17; n++) await send(n);
    s = await meta();
    expect(s.count).toBe(4);
    expect(s.latestId).toBe(17);
    expect(s.storedBytes).toBeLessThanOrEqual(CAP);
  });
});
