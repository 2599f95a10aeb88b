// Forwarding rules: every mail that arrives is stored, then email() forwards it to each rule's
// destination with message.forward(); what happened is recorded on the message, and a failed
// forward never loses the stored mail.
import { describe, expect, it } from "vitest";
import type { ErrorBody, ForwardRule, ForwardRuleList, MessageDetail } from "../../src/contract/wire";
import { api, auth, claim, DOMAIN, deliver, rawMessage } from "./helpers";

function addRule(address: string, token: string, to: unknown): Promise<Response> {
  return api(`/api/v1/mailboxes/${address}/forwards`, auth(token, { method: "POST", body: JSON.stringify({ to }) }));
}

describe("forwarding rules", () => {
  it("forwards each arriving mail to every destination, in order, and records the outcome on the message", async () => {
    const { address, token } = await claim();
    const a = await (await addRule(address, token, "Me@Example.org")).json<ForwardRule>();
    expect(a.to).toBe("me@example.org");
    expect((await addRule(address, token, "backup@example.org")).status).toBe(201);
    const list = await (await api(`/api/v1/mailboxes/${address}/forwards`, auth(token))).json<ForwardRuleList>();
    expect(list.forwards.map((r) => r.to)).toEqual(["me@example.org", "backup@example.org"]);

    const outcome = await deliver(address, rawMessage({ to: address, subject: "forward me" }), "x@example.com", {
      forward: async (to) => {
        if (to === "backup@example.org") throw new Error("destination address not verified");
        return { messageId: "<fwd@example>" };
      },
    });
    expect(outcome).toEqual({ rejected: null, forwarded: ["me@example.org", "backup@example.org"] });
    const stored = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(stored.subject).toBe("forward me");
    expect(stored.forwarded).toEqual([
      { to: "me@example.org", ok: true, error: null },
      { to: "backup@example.org", ok: false, error: "destination address not verified" },
    ]);

    expect((await api(`/api/v1/mailboxes/${address}/forwards/${a.id}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    expect((await deliver(address, rawMessage({ to: address }))).forwarded).toEqual(["backup@example.org"]);
  });

  it("forwards nothing without rules, and refuses a loop, a bad address, and more than FORWARDS_PER_MAILBOX rules", async () => {
    const { address, token } = await claim();
    expect((await deliver(address, rawMessage({ to: address }))).forwarded).toEqual([]);
    const detail = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(detail.forwarded).toEqual([]);
    for (const bad of [`other@${DOMAIN}`, "not an address", 42]) {
      const res = await addRule(address, token, bad);
      expect(res.status).toBe(400);
      expect((await res.json<ErrorBody>()).error.code).toBe("bad_request");
    }
    for (let n = 0; n < 3; n++) expect((await addRule(address, token, `d${n}@example.org`)).status).toBe(201);
    expect((await addRule(address, token, "d0@example.org")).status).toBe(201); // the same rule again is no new rule
    const over = await addRule(address, token, "d3@example.org");
    expect(over.status).toBe(400);
    expect((await over.json<ErrorBody>()).error.message).toMatch(/3 destinations \(the limit\)/);
    const other = await claim();
    expect((await api(`/api/v1/mailboxes/${address}/forwards`, auth(other.token))).status).toBe(403);
    expect((await api(`/api/v1/mailboxes/${address}/forwards/${crypto.randomUUID()}`, auth(token, { method: "DELETE" }))).status).toBe(404);
  });
});
