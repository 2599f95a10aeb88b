// The read mark lives in the mailbox: v1 PATCH, v1 summaries, the seen frame, and mail.tm agree.
import { describe, expect, it } from "vitest";
import type { MessageList, MessageSummary, ServerFrame } from "../../src/contract/wire";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";

const patch = (address: string, token: string, id: number, body: unknown) =>
  api(`/api/v1/mailboxes/${address}/messages/${id}`, auth(token, { method: "PATCH", body: JSON.stringify(body) }));

describe("read marks kept by the mailbox", () => {
  it("starts unread, PATCH marks it read and back, summaries and sockets follow", async () => {
    const { address, token } = await claim("seen-a");
    await deliver(address, rawMessage({ to: address, subject: "one" }));
    const list = async () => (await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>()).messages;
    expect((await list())[0].seen).toBe(false);

    const socket = await openSocket(address, token);
    await socket.until((f) => f.some((x) => typeof x !== "string" && x.type === "message"));
    const first = await patch(address, token, 1, { seen: true });
    expect(first.status).toBe(200);
    expect(await first.json<MessageSummary>()).toMatchObject({ id: 1, subject: "one", seen: true });
    expect((await list())[0].seen).toBe(true);
    // the same value again changes nothing and tells no one
    expect((await patch(address, token, 1, { seen: true })).status).toBe(200);
    expect((await patch(address, token, 1, { seen: false })).status).toBe(200);
    expect((await list())[0].seen).toBe(false);
    const seenFrames = () =>
      socket.frames.filter((f): f is Extract<ServerFrame, { type: "seen" }> => typeof f !== "string" && f.type === "seen");
    await socket.until(() => seenFrames().length >= 2);
    expect(seenFrames()).toEqual([
      { type: "seen", id: 1, seen: true },
      { type: "seen", id: 1, seen: false },
    ]);
    socket.close();
  });

  it("a replayed summary carries the mark", async () => {
    const { address, token } = await claim("seen-b");
    await deliver(address, rawMessage({ to: address, subject: "two" }));
    await patch(address, token, 1, { seen: true });
    const socket = await openSocket(address, token, 0);
    await socket.until((f) => f.some((x) => typeof x !== "string" && x.type === "message"));
    const replayed = socket.frames.find(
      (f): f is Extract<ServerFrame, { type: "message" }> => typeof f !== "string" && f.type === "message",
    );
    expect(replayed?.message.seen).toBe(true);
    socket.close();
  });

  it("refuses bodies that are not exactly {seen: boolean}, and unknown ids, with coded errors", async () => {
    const { address, token } = await claim("seen-c");
    await deliver(address, rawMessage({ to: address }));
    for (const body of [{ seen: "yes" }, {}, { seen: true, flagged: true }]) {
      const res = await patch(address, token, 1, body);
      expect(res.status).toBe(400);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("bad_request");
    }
    const missing = await patch(address, token, 99, { seen: true });
    expect(missing.status).toBe(404);
    const other = await claim("seen-d");
    expect((await patch(address, other.token, 1, { seen: true })).status).toBe(403);
  });
});
