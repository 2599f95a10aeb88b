// Blocked senders: the owner refuses mail from an address or a domain (and its
// subdomains); the Mailbox checks its own list in deliver(), email() rejects the mail
// with a reason, and the delivery log shows it.
import { describe, expect, it } from "vitest";
import type { BlockedSender, BlockedSenderList, DeliveryLog, MessageList } from "../../src/contract/wire";
import { api, auth, claim, deliver, insideMailbox, rawMessage } from "./helpers";
import { type Components, validate } from "./openapi-validate";

function block(address: string, token: string, sender: unknown): Promise<Response> {
  return api(`/api/v1/mailboxes/${address}/blocked-senders`, auth(token, { method: "POST", body: JSON.stringify({ sender }) }));
}

function unblock(address: string, token: string, sender: string): Promise<Response> {
  return api(`/api/v1/mailboxes/${address}/blocked-senders/${encodeURIComponent(sender)}`, auth(token, { method: "DELETE" }));
}

async function listed(address: string, token: string): Promise<BlockedSenderList> {
  return (await api(`/api/v1/mailboxes/${address}/blocked-senders`, auth(token))).json();
}

async function stored(address: string, token: string): Promise<string[]> {
  const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
  return list.messages.map((m) => m.subject ?? "");
}

describe("blocked senders", () => {
  it("takes an address or a domain in any of its forms, normalised; a repeat returns the same rule", async () => {
    const { address, token } = await claim();
    const cases: [string, Pick<BlockedSender, "sender" | "kind">][] = [
      ["  Spammer@Example.COM ", { sender: "spammer@example.com", kind: "address" }],
      ["spam.test", { sender: "spam.test", kind: "domain" }],
      ["*@Junk.Example", { sender: "junk.example", kind: "domain" }],
      ["@ads.example.net", { sender: "ads.example.net", kind: "domain" }],
    ];
    for (const [input, want] of cases) {
      const res = await block(address, token, input);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject(want);
    }
    expect((await block(address, token, "SPAM.test")).status).toBe(201);
    const list = await listed(address, token);
    expect(list.blockedSenders.map((b) => b.sender)).toEqual(["spammer@example.com", "spam.test", "junk.example", "ads.example.net"]);
    expect(list.limit).toBe(50);
  });

  it("refuses what is neither an address nor a domain, unknown fields, and more than the limit", async () => {
    const { address, token } = await claim();
    for (const bad of ["", "not a domain", "*@", "a@", "@@x.example", "x@-bad-.example", 42, null, "a@b@c.example"]) {
      const res = await block(address, token, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("bad_request");
    }
    const extra = await api(
      `/api/v1/mailboxes/${address}/blocked-senders`,
      auth(token, { method: "POST", body: JSON.stringify({ sender: "a.example", note: "x" }) }),
    );
    expect(extra.status).toBe(400);
    await insideMailbox(address, (parts) => {
      parts.config.inbound.blockedSendersPerMailbox = 2;
    });
    expect((await block(address, token, "one.example")).status).toBe(201);
    expect((await block(address, token, "two.example")).status).toBe(201);
    const third = await block(address, token, "three.example");
    expect(third.status).toBe(400);
    expect((await third.json<{ error: { message: string } }>()).error.message).toMatch(/already blocks 2 senders/);
  });

  it("rejects blocked mail at email() by envelope sender or From header, subdomains included, and logs why", async () => {
    const { address, token } = await claim();
    expect((await block(address, token, "pest@example.com")).status).toBe(201);
    expect((await block(address, token, "spam.test")).status).toBe(201);

    const byEnvelope = await deliver(address, rawMessage({ to: address, subject: "env" }), "PEST@example.com");
    expect(byEnvelope.rejected).toBe("The owner of this address blocks mail from pest@example.com.");
    const byHeader = await deliver(
      address,
      rawMessage({ to: address, subject: "hdr", from: "Deals <deals@mail.spam.test>" }),
      "bounce@esp.example",
    );
    expect(byHeader.rejected).toBe("The owner of this address blocks mail from the domain spam.test.");
    // Lookalikes are not the blocked domain or a subdomain of it.
    expect((await deliver(address, rawMessage({ to: address, subject: "ok1" }), "a@notspam.test")).rejected).toBeNull();
    expect((await deliver(address, rawMessage({ to: address, subject: "ok2" }), "pest@example.com.evil")).rejected).toBeNull();

    expect(await stored(address, token)).toEqual(["ok2", "ok1"]);
    const log = await (await api(`/api/v1/mailboxes/${address}/deliveries`, auth(token))).json<DeliveryLog>();
    expect(log.deliveries.map((d) => [d.envelopeFrom, d.outcome, d.reason])).toEqual([
      ["pest@example.com.evil", "accepted", null],
      ["a@notspam.test", "accepted", null],
      ["bounce@esp.example", "rejected", "blocked_sender"],
      ["PEST@example.com", "rejected", "blocked_sender"],
    ]);
    expect(log.deliveries[2].detail).toBe(byHeader.rejected);
  });

  it("lets mail through again once unblocked, by any form of the rule; unblocking twice is a 404", async () => {
    const { address, token } = await claim();
    await block(address, token, "*@spam.test");
    expect((await deliver(address, rawMessage({ to: address }), "x@spam.test")).rejected).toMatch(/blocks mail/);
    expect((await unblock(address, token, "@SPAM.test")).status).toBe(204);
    expect((await unblock(address, token, "spam.test")).status).toBe(404);
    expect((await unblock(address, token, "not a sender")).status).toBe(400);
    expect((await listed(address, token)).blockedSenders).toEqual([]);
    expect((await deliver(address, rawMessage({ to: address, subject: "back" }), "x@spam.test")).rejected).toBeNull();
    expect(await stored(address, token)).toEqual(["back"]);
  });

  it("forgets the rules with the mailbox: a name claimed again starts with none", async () => {
    const first = await claim();
    await block(first.address, first.token, "spam.test");
    expect((await api(`/api/v1/mailboxes/${first.address}`, auth(first.token, { method: "DELETE" }))).status).toBe(204);
    await insideMailbox(first.address, async (parts, sql) => {
      sql.exec("UPDATE meta SET value = ? WHERE key = 'quarantine_until'", String(Date.now() - 1));
      parts.lifetime.forget();
    });
    const name = first.address.split("@")[0];
    const again = await claim(name);
    expect((await listed(again.address, again.token)).blockedSenders).toEqual([]);
    expect((await deliver(again.address, rawMessage({ to: again.address }), "x@spam.test")).rejected).toBeNull();
  });

  it("answers what the OpenAPI document says, for the owner only", async () => {
    const { address, token } = await claim();
    const other = await claim();
    const doc = await (await api("/api/v1/openapi.json")).json<{ paths: Record<string, any>; components: { schemas: Components } }>();
    const conforms = async (template: string, method: string, res: Response, status: number) => {
      expect(res.status).toBe(status);
      const schema = doc.paths[template][method].responses[String(status)].content?.["application/json"]?.schema;
      if (schema) expect(validate(await res.json(), schema, doc.components.schemas)).toEqual([]);
      else expect(await res.text()).toBe("");
    };
    const B = "/api/v1/mailboxes/{address}/blocked-senders";
    await conforms(B, "post", await block(address, token, "spam.test"), 201);
    await conforms(B, "post", await block(address, token, "?"), 400);
    await conforms(B, "post", await block(address, other.token, "spam.test"), 403);
    await conforms(B, "get", await api(`/api/v1/mailboxes/${address}/blocked-senders`, auth(token)), 200);
    await conforms(B, "get", await api(`/api/v1/mailboxes/${address}/blocked-senders`), 401);
    await conforms(`${B}/{sender}`, "delete", await unblock(address, token, "spam.test"), 204);
    await conforms(`${B}/{sender}`, "delete", await unblock(address, token, "spam.test"), 404);
  });
});
