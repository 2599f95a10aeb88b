// What the relay says decides a sent message's fate: 4xx is retried with backoff and the mail
// arrives once; 5xx fails it with the relay's answer; a relay that drops the line, again and
// again, loses nothing and doubles nothing once it is back. Status changes reach the socket.
import { describe, expect, it } from "vitest";
import type { MessageList, SendResponse, ServerFrame } from "../../src/contract/wire";
import { api, auth, claim, openSocket } from "./helpers";
import { bytesOf, outside, relayed, relayedUntil, scriptRelay, send, storedRaw } from "./relay";

type StatusFrame = Extract<ServerFrame, { type: "status" }>;
const statuses = (frames: (ServerFrame | string)[], id: number) =>
  frames.filter((f): f is StatusFrame => typeof f !== "string" && f.type === "status" && f.id === id);

async function sendOk(address: string, token: string, body: Record<string, unknown>): Promise<SendResponse> {
  const res = await send(address, token, body);
  expect(res.status, await res.clone().text()).toBe(202);
  return res.json();
}

describe("relay answers", () => {
  it("retries a 451 with backoff and sends once when the relay takes it (250)", async () => {
    const { address, token } = await claim();
    const rcpt = outside("busy");
    await scriptRelay(rcpt, [{ mode: "temp", times: 2 }]);
    const sock = await openSocket(address, token, 0);
    const queued = await sendOk(address, token, { to: [rcpt], subject: "retry me", text: "hi" });
    await sock.until((f) => statuses(f, queued.id).some((s) => s.status === "sent"));
    await new Promise((r) => setTimeout(r, 300)); // a second copy would be on its way by now
    const r = await relayed(rcpt);
    expect(r.attempts.map((a) => a.mode)).toEqual(["temp", "temp", "ok"]);
    expect(r.messages).toHaveLength(1);
    expect(bytesOf(r.messages[0])).toEqual(await storedRaw(address, token, queued.id));
    const seen = statuses(sock.frames, queued.id);
    expect(seen[0]).toMatchObject({ status: "queued", statusReason: expect.stringMatching(/^retrying: RCPT TO: 451 /) });
    expect(seen[seen.length - 1]).toEqual({ type: "status", id: queued.id, status: "sent", statusReason: null });
    sock.close();
  });

  it("fails on a 550 with the relay's answer as the reason, and never retries it", async () => {
    const { address, token } = await claim();
    const [bad, good] = [outside("nouser"), outside("fine")];
    await scriptRelay(bad, [{ mode: "perm" }]);
    const sock = await openSocket(address, token, 0);
    const queued = await sendOk(address, token, { to: [bad, good], subject: "one bad", text: "hi" });
    await sock.until((f) => statuses(f, queued.id).some((s) => s.status === "failed"));
    const last = statuses(sock.frames, queued.id).at(-1)!;
    expect(last.statusReason).toMatch(/^RCPT TO: 550 5\.1\.1 No such user here/);
    await relayedUntil(good, (r) => r.messages.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await relayed(bad)).attempts).toHaveLength(1);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages?folder=sent`, auth(token))).json<MessageList>();
    expect(list.messages[0]).toMatchObject({ id: queued.id, status: "failed", statusReason: last.statusReason });
    sock.close();
  });

  it("loses and doubles nothing while the relay keeps dropping the connection, then comes back", async () => {
    const { address, token } = await claim();
    const rcpts = [outside("down1"), outside("down2"), outside("down3")];
    for (const r of rcpts) await scriptRelay(r, [{ mode: "drop", times: 3 }]);
    const ids: number[] = [];
    for (let n = 0; n < 5; n++)
      ids.push((await sendOk(address, token, { to: rcpts, subject: `during outage ${n}`, text: `mail ${n}` })).id);
    for (const r of rcpts) {
      const got = await relayedUntil(r, (x) => x.messages.length >= 5, 30_000);
      await new Promise((res) => setTimeout(res, 300));
      const after = await relayed(r);
      expect(after.messages).toHaveLength(5);
      // One per message, in the order they were sent (each recipient's queue is kept in order).
      const stored = await Promise.all(ids.map((id) => storedRaw(address, token, id)));
      expect(after.messages.map(bytesOf)).toEqual(stored);
      expect(got.attempts.filter((a) => a.mode === "drop")).toHaveLength(3);
    }
    const list = await (await api(`/api/v1/mailboxes/${address}/messages?folder=sent`, auth(token))).json<MessageList>();
    expect(list.messages.map((m) => [m.id, m.status])).toEqual([...ids].reverse().map((id) => [id, "sent"]));
  });
});
