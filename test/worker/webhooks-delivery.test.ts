// Webhook deliveries: the message summary, signed with the secret returned at
// creation, through the same outbox and retry rules as Telegram.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboxEntry, OutboxReport, WebhookDelivery } from "../../src/contract/wire";
import { api, auth, claim, deliver, insideMailbox, rawMessage } from "./helpers";
import { answeredOk, FAKE, received, receivedUntil, script } from "./remote";

/** What a receiver does: recompute HMAC-SHA256(secret, `${timestamp}.${body}`) and compare. */
async function verifies(secret: string, timestamp: string, body: string, signature: string): Promise<boolean> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const hex = signature.replace(/^sha256=/, "");
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  const mac = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  return crypto.subtle.verify("HMAC", key, mac, new TextEncoder().encode(`${timestamp}.${body}`));
}

async function hook(name: string) {
  const box = await claim(name);
  const res = await api(
    `/api/v1/mailboxes/${box.address}/webhooks`,
    auth(box.token, { method: "POST", body: JSON.stringify({ url: `${FAKE}/hook/${name}` }) }),
  );
  const created = await res.json<{ id: string; secret: string }>();
  return { ...box, ...created, key: `webhook:${name}` };
}

async function outbox(address: string, token: string): Promise<OutboxReport> {
  return (await api(`/api/v1/mailboxes/${address}/outbox`, auth(token))).json();
}

/** Polls the outbox until its first (newest) row is settled (sent or dead): nothing more will be sent for it. */
async function settled(address: string, token: string, ms = 15_000): Promise<OutboxEntry> {
  const deadline = Date.now() + ms;
  for (;;) {
    const rep = await outbox(address, token);
    const row = rep.entries[0];
    if (row && (row.state === "sent" || row.state === "dead")) return row;
    if (Date.now() > deadline) throw new Error(`timed out; outbox: ${JSON.stringify(rep).slice(0, 600)}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

describe("webhook deliveries", () => {
  it("POST the message summary, signed so that the returned secret verifies it and a tampered body fails", async () => {
    const h = await hook("wh-signed");
    const before = Math.floor(Date.now() / 1000);
    await deliver(h.address, rawMessage({ to: h.address, subject: "Sign <me>", body: "Your code is 551177" }));
    const [req] = await receivedUntil(h.key, (r) => answeredOk(r).length === 1);
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-pigeonhole-event"]).toBe("message");
    expect(req.headers["x-pigeonhole-delivery"]).toMatch(new RegExp(`^${h.address}/\\d+$`));
    const ts = req.headers["x-pigeonhole-timestamp"];
    expect(Number(ts)).toBeGreaterThanOrEqual(before - 1);
    expect(Number(ts)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    const signature = req.headers["x-pigeonhole-signature"];
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);

    const body = JSON.parse(req.body) as WebhookDelivery;
    expect(body).toMatchObject({
      event: "message",
      address: h.address,
      url: `${env.PUBLIC_URL}/#/m/${encodeURIComponent(h.address)}/1`,
      message: { id: 1, subject: "Sign <me>", from: { address: "sender@example.com" }, codes: [{ kind: "code", value: "551177" }] },
    });

    expect(await verifies(h.secret, ts, req.body, signature)).toBe(true);
    expect(await verifies(h.secret, ts, req.body.replace("551177", "551178"), signature)).toBe(false);
    expect(await verifies(h.secret, String(Number(ts) + 1), req.body, signature)).toBe(false);
    expect(await verifies(`${h.secret}x`, ts, req.body, signature)).toBe(false);
  });

  it("retries 5xx and timeouts with the same delivery id, each attempt freshly signed; arrives once", async () => {
    const h = await hook("wh-retry");
    await script(h.key, [
      { mode: "status", status: 503, times: 2 },
      { mode: "hang", times: 1 },
    ]);
    await deliver(h.address, rawMessage({ to: h.address, subject: "retry me" }));
    expect(await settled(h.address, h.token)).toMatchObject({ state: "sent" });
    const all = await received(h.key);
    expect(all.map((x) => x.status ?? (x.aborted ? "timeout" : "?"))).toEqual([503, 503, "timeout", 200]);
    expect(new Set(all.map((x) => x.headers["x-pigeonhole-delivery"])).size).toBe(1);
    for (const x of all)
      expect(await verifies(h.secret, x.headers["x-pigeonhole-timestamp"], x.body, x.headers["x-pigeonhole-signature"])).toBe(true);
    expect((await outbox(h.address, h.token)).entries[0]).toMatchObject({
      state: "sent",
      attempts: 4,
      target: { kind: "webhook", id: h.id },
    });
  });

  it("keeps order per webhook and honours Retry-After on 429", async () => {
    const h = await hook("wh-429");
    await script(h.key, [{ mode: "429", retryAfter: 1, times: 1 }]);
    for (let i = 1; i <= 3; i++) await deliver(h.address, rawMessage({ to: h.address, subject: `n${i}` }));
    const r = await receivedUntil(h.key, (x) => answeredOk(x).length === 3);
    expect(r[0].status).toBe(429);
    for (const later of r.slice(1)) expect(later.at - r[0].answeredAt!).toBeGreaterThanOrEqual(1000);
    expect(answeredOk(r).map((x) => (JSON.parse(x.body) as WebhookDelivery).message.subject)).toEqual(["n1", "n2", "n3"]);
  });

  it("stops on a 4xx refusal", async () => {
    const gone = await hook("wh-gone");
    await script(gone.key, [{ mode: "status", status: 410 }]);
    await deliver(gone.address, rawMessage({ to: gone.address }));
    expect(await settled(gone.address, gone.token)).toMatchObject({ state: "dead", attempts: 1, lastError: "410 Gone" });
    expect(await received(gone.key)).toHaveLength(1);
  });

  it("retries a 408 (the receiver timed out) like a 5xx", async () => {
    const h = await hook("wh-408");
    await script(h.key, [{ mode: "status", status: 408, times: 1 }]);
    await deliver(h.address, rawMessage({ to: h.address }));
    expect(await settled(h.address, h.token)).toMatchObject({ state: "sent", attempts: 2 });
    expect((await received(h.key)).map((x) => x.status)).toEqual([408, 200]);
  });

  it("never follows a redirect: the place it points to is never called", async () => {
    const moved = await hook("wh-moved");
    const elsewhere = "webhook:wh-moved-elsewhere";
    await script(moved.key, [{ mode: "status", status: 302, location: `${FAKE}/hook/wh-moved-elsewhere` }]);
    await deliver(moved.address, rawMessage({ to: moved.address }));
    const row = await settled(moved.address, moved.token);
    expect(await received(elsewhere)).toEqual([]);
    expect(await received(moved.key)).toHaveLength(1);
    expect(row).toMatchObject({ state: "dead", attempts: 1 });
    expect(row.lastError).toMatch(/^302 .*redirects are not followed$/);
  });

  it("checks the URL again before each send: a target no longer allowed gets nothing", async () => {
    const h = await hook("wh-rechecked");
    // The operator turned ALLOW_PRIVATE_WEBHOOKS off after this loopback webhook was added.
    await insideMailbox(h.address, (p) => {
      p.config.allowPrivateWebhooks = false;
    });
    await deliver(h.address, rawMessage({ to: h.address }));
    const row = await settled(h.address, h.token);
    expect(row).toMatchObject({ state: "dead" });
    expect(row.lastError).toMatch(/private, loopback or link-local/);
    expect(await received(h.key)).toEqual([]);
  });

  it("a deleted webhook gets nothing more: what it was owed becomes dead", async () => {
    const h = await hook("wh-deleted");
    // Told to come back in 5 s: the row is owed, not in flight, when the webhook goes.
    await script(h.key, [{ mode: "429", retryAfter: 5, times: 1 }]);
    await deliver(h.address, rawMessage({ to: h.address }));
    await receivedUntil(h.key, (r) => r.length === 1);
    expect((await api(`/api/v1/mailboxes/${h.address}/webhooks/${h.id}`, auth(h.token, { method: "DELETE" }))).status).toBe(204);
    // Given up in the deletion itself, not at its next retry.
    expect((await outbox(h.address, h.token)).entries[0]).toMatchObject({ state: "dead", lastError: "webhook deleted" });
    expect(await received(h.key)).toHaveLength(1);
    await deliver(h.address, rawMessage({ to: h.address }));
    expect((await outbox(h.address, h.token)).entries).toHaveLength(1);
  });
});
