// The delivery log: each inbound attempt to a live mailbox, accepted or refused and why,
// newest first, kept to DELIVERY_LOG_SIZE rows, for the owner only; attempts for names
// never claimed are logged nowhere.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import type { DeliveryLog, MessageList } from "../../src/contract/wire";
import { api, auth, claim, DOMAIN, deliver, insideMailbox, rawMessage } from "./helpers";
import { type Components, validate } from "./openapi-validate";

async function log(address: string, token: string, query = ""): Promise<DeliveryLog> {
  const res = await api(`/api/v1/mailboxes/${address}/deliveries${query}`, auth(token));
  expect(res.status).toBe(200);
  return res.json();
}

const NESTED =
  'From: a@example.com\r\nSubject: deep\r\nMessage-ID: <deep@example.com>\r\nContent-Type: multipart/mixed; boundary="a"\r\n\r\n--a\r\n' +
  'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--b--\r\n--a--\r\n';

describe("the delivery log", () => {
  it("records an accepted mail with its time, envelope sender, size, stored id and how it was parsed", async () => {
    const { address, token } = await claim();
    const raw = rawMessage({ to: address, subject: "first" });
    const before = Date.now();
    expect((await deliver(address, raw, "bounce-123@mailer.example.com")).rejected).toBeNull();
    // A mail the wasm parser gives up on (a 1-level limit) is stored through postal-mime: said in the log.
    expect((await deliver(address, NESTED, "deep@example.com", { vars: { PARSER_MAX_DEPTH: "1" } })).rejected).toBeNull();
    const got = await log(address, token);
    expect(got.keeps).toBe(100);
    expect(got.deliveries).toHaveLength(2);
    const [second, first] = got.deliveries;
    expect(first).toMatchObject({
      envelopeFrom: "bounce-123@mailer.example.com",
      size: new TextEncoder().encode(raw).byteLength,
      outcome: "accepted",
      reason: null,
      detail: null,
      messageId: 1,
      parse: "ok",
    });
    expect(Date.parse(first.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(second).toMatchObject({ envelopeFrom: "deep@example.com", outcome: "accepted", messageId: 2, parse: "fallback" });
    expect(second.id).toBeGreaterThan(first.id);
  });

  it("records refusals the Mailbox decides, though nothing is stored: mailbox full, only young mail, larger than the mailbox", async () => {
    const { address, token } = await claim();
    const body = "x".repeat(600);
    await insideMailbox(address, (parts) => {
      parts.config.mailboxMaxBytes = 2000;
      parts.config.mailboxFullPolicy = "reject";
    });
    expect((await deliver(address, rawMessage({ to: address, body }))).rejected).toBeNull();
    expect((await deliver(address, rawMessage({ to: address, body }))).rejected).toMatch(/Mailbox is full; delete/);
    await insideMailbox(address, (parts) => {
      parts.config.mailboxFullPolicy = "evict";
    });
    expect((await deliver(address, rawMessage({ to: address, body }))).rejected).toMatch(/younger than/);
    expect((await deliver(address, rawMessage({ to: address, body: "y".repeat(3000) }))).rejected).toMatch(/holds at most 2000/);
    const { deliveries } = await log(address, token);
    expect(deliveries.map((d) => [d.outcome, d.reason, d.messageId])).toEqual([
      ["rejected", "too_large", null],
      ["rejected", "young_mail", null],
      ["rejected", "mailbox_full", null],
      ["accepted", null, 1],
    ]);
    expect(deliveries[1].detail).toMatch(/younger than 3600 s/);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(list.messages.map((m) => m.id)).toEqual([1]);
  });

  it("records mail email() refuses as too large (by its declared size) without the mail ever reaching the Mailbox", async () => {
    const { address, token } = await claim();
    const max = Number(env.MAX_MESSAGE_BYTES);
    const outcome = await deliver(address, rawMessage({ to: address }), "big@example.com", { rawSize: max + 1 });
    expect(outcome.rejected).toMatch(/exceeds the \d+-byte limit/);
    const [entry] = (await log(address, token)).deliveries;
    expect(entry).toMatchObject({ envelopeFrom: "big@example.com", size: max + 1, outcome: "rejected", reason: "too_large", parse: null });
    expect(entry.detail).toBe(outcome.rejected);
  });

  it("logs nothing for a name never claimed, not even a too-large mail: its database stays without tables", async () => {
    const address = `never-${crypto.randomUUID().slice(0, 8)}@${DOMAIN}`;
    const max = Number(env.MAX_MESSAGE_BYTES);
    expect((await deliver(address, rawMessage({ to: address }), "a@example.com", { rawSize: max + 1 })).rejected).toMatch(/exceeds/);
    expect((await deliver(address, rawMessage({ to: address }))).rejected).toMatch(/No such address/);
    const tables = await runInDurableObject(env.MAILBOX.getByName(address), (_m: Mailbox, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it("keeps only the last DELIVERY_LOG_SIZE attempts, and `limit` returns fewer", async () => {
    const { address, token } = await claim();
    await insideMailbox(address, (parts) => {
      parts.config.inbound.deliveryLogSize = 5;
    });
    for (let i = 1; i <= 8; i++) expect((await deliver(address, rawMessage({ to: address, subject: `n${i}` }))).rejected).toBeNull();
    const got = await log(address, token);
    expect(got.keeps).toBe(5);
    expect(got.deliveries.map((d) => d.messageId)).toEqual([8, 7, 6, 5, 4]);
    const rows = await insideMailbox(address, (_p, sql) => sql.exec<{ c: number }>("SELECT count(*) AS c FROM deliveries").one().c);
    expect(rows).toBe(5);
    expect((await log(address, token, "?limit=2")).deliveries.map((d) => d.messageId)).toEqual([8, 7]);
  });

  it("is the owner's alone, and answers what the OpenAPI document says", async () => {
    const { address, token } = await claim();
    const other = await claim();
    await deliver(address, rawMessage({ to: address }));
    const doc = await (await api("/api/v1/openapi.json")).json<{ paths: Record<string, any>; components: { schemas: Components } }>();
    const op = doc.paths["/api/v1/mailboxes/{address}/deliveries"].get;
    const path = `/api/v1/mailboxes/${address}/deliveries`;
    for (const [res, status] of [
      [await api(path, auth(token)), 200],
      [await api(path), 401],
      [await api(path, auth(other.token)), 403],
      [await api(`${path}?limit=x`, auth(token)), 400],
    ] as const) {
      expect(res.status).toBe(status);
      expect(validate(await res.json(), op.responses[String(status)].content["application/json"].schema, doc.components.schemas)).toEqual(
        [],
      );
    }
  });
});
