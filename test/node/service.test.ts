// The service as a newcomer meets it: `wrangler dev`, the local email
// endpoint, and a script subscribing over WebSocket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

let svc: Service;
beforeAll(async () => {
  svc = await sharedService();
});
afterAll(async () => {
  await svc?.stop();
});

describe("wrangler dev", () => {
  it("pushes a mail posted to the local email endpoint to a subscribed script", async () => {
    const created = await (
      await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: JSON.stringify({ name: "newcomer" }) })
    ).json<{ address: string; token: string }>();
    const ws = new WebSocket(`${svc.url.replace("http", "ws")}/api/v1/mailboxes/${created.address}/ws?since=0`, {
      headers: { Authorization: `Bearer ${created.token}` },
    });
    const frames: any[] = [];
    const got = new Promise<void>((resolve) =>
      ws.on("message", (d) => {
        frames.push(JSON.parse(String(d)));
        if (frames.some((f) => f.type === "message")) resolve();
      }),
    );
    await new Promise((r) => ws.once("open", r));
    const raw =
      "From: Shop <shop@example.com>\r\nTo: newcomer@pigeonhole.test\r\nSubject: Confirm\r\n" +
      "Message-ID: <n1@example.com>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nYour code is 771204\r\n";
    const res = await deliverHttp(svc.url, "shop@example.com", created.address, raw);
    expect(res.status).toBe(200);
    await got;
    const msg = frames.find((f) => f.type === "message").message;
    expect(msg.subject).toBe("Confirm");
    expect(msg.codes).toEqual([{ kind: "code", value: "771204" }]);
    ws.close();
  });
});
