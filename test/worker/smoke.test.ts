import { describe, expect, it } from "vitest";
import { api, auth, claim, deliver, messageFrames, openSocket, rawMessage } from "./helpers";

describe("smoke", () => {
  it("delivers a mail to a claimed address and pushes it to a socket", async () => {
    const { address, token } = await claim("smoke");
    const sock = await openSocket(address, token, 0);
    await sock.until((f) => f.length >= 1);
    expect(sock.frames[0]).toEqual({ type: "hello", address, latestId: 0 });
    const out = await deliver(address, rawMessage({ to: address, subject: "Code", body: "Your code is 123456" }));
    expect(out.rejected).toBeNull();
    await sock.until((f) => messageFrames(f).length === 1);
    expect(messageFrames(sock.frames)[0].message.codes).toEqual([{ kind: "code", value: "123456" }]);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<{ messages: unknown[] }>();
    expect(list.messages).toHaveLength(1);
    sock.close();
  });
});
