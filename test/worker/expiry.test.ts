// Retention and limits a mailbox enforces on itself: lifetime and message TTL
// by its own alarm, the quarantine of an ended name, and the storage cap
// (evict oldest, or refuse new).
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import type { MessageList } from "../../src/contract/wire";
import { api, auth, claim, deliver, insideMailbox, messageFrames, openSocket, rawMessage } from "./helpers";

type Internals = {
  config: { mailboxMaxBytes: number; mailboxFullPolicy: string; messageTtlSeconds: number; evictMinAgeSeconds: number };
  state: { forget(): void };
};

async function tweak(address: string, fn: (m: Internals, sql: SqlStorage) => void) {
  await runInDurableObject(env.MAILBOX.getByName(address), (obj: Mailbox, state) => {
    const { parts } = obj as unknown as { parts: { config: Internals["config"]; lifetime: Internals["state"] } };
    fn({ config: parts.config, state: parts.lifetime }, state.storage.sql);
  });
}

/** Moves a meta time (expires_at, quarantine_until) as if that moment had come or were far off. */
function setMeta(address: string, key: "expires_at" | "quarantine_until", at: number) {
  return tweak(address, (m, sql) => {
    sql.exec("UPDATE meta SET value = ? WHERE key = ?", String(at), key);
    m.state.forget();
  });
}

function alarmOf(address: string): Promise<number | null> {
  return runInDurableObject(env.MAILBOX.getByName(address), (_o, state) => state.storage.getAlarm());
}

const DAY = 86_400_000;

/**
 * Lets the effects a mailbox owes right away leave (its directory updates, and
 * its mail counts, which STATS_FLUSH_SECONDS=1 lets out within a second): the
 * runtime fires those alarms by itself; this waits until the alarm left is more
 * than two seconds away and answers it, the deadline the test is about.
 */
async function settledAlarm(address: string): Promise<number | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const at = await alarmOf(address);
    if (at === null || at > Date.now() + 2000) return at;
    if (Date.now() > deadline) throw new Error(`the mailbox kept owing effects due at once (alarm ${at})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("expiry by alarm", () => {
  it("expires the mailbox: pushes expired, closes sockets, deletes its storage", async () => {
    const { address, token } = await claim("expiring");
    await deliver(address, rawMessage({ to: address }));
    const sock = await openSocket(address, token, 1);
    await sock.until((f) => f.length === 1);
    const stub = env.MAILBOX.getByName(address);
    await tweak(address, (m, sql) => {
      sql.exec("UPDATE meta SET value = ? WHERE key = 'expires_at'", String(Date.now() - 1));
      m.state.forget();
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await sock.until((f) => f.some((x) => typeof x !== "string" && x.type === "expired") && sock.closed !== null);
    expect(sock.closed).toEqual({ code: 4000 });
    await runInDurableObject(stub, (_obj, state) => {
      expect(state.storage.sql.exec("SELECT count(*) AS c FROM messages").one().c).toBe(0);
      expect(state.storage.sql.exec("SELECT count(*) AS c FROM blobs").one().c).toBe(0);
    });
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token))).status).toBe(401);
    expect((await deliver(address, rawMessage({ to: address }))).rejected).toMatch(/No such address/);
  });

  it("deletes messages past MESSAGE_TTL_SECONDS and pushes deleted", async () => {
    const { address, token } = await claim("ttl");
    for (let i = 0; i < 3; i++) await deliver(address, rawMessage({ to: address }));
    const sock = await openSocket(address, token, 3);
    await sock.until((f) => f.length === 1);
    await tweak(address, (_m, sql) => {
      sql.exec("UPDATE messages SET received_at = ? WHERE id <= 2", Date.now() - 86_400_001);
    });
    expect(await runDurableObjectAlarm(env.MAILBOX.getByName(address))).toBe(true);
    await sock.until((f) => f.length === 3);
    expect(sock.frames.slice(1)).toEqual([
      { type: "deleted", id: 1 },
      { type: "deleted", id: 2 },
    ]);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(list.messages.map((m) => m.id)).toEqual([3]);
    sock.close();
  });

  it("sets its alarm to the address's expiry, to the millisecond, while it holds no mail", async () => {
    const { address, expiresAt } = await claim("alarm-expiry");
    expect(await settledAlarm(address)).toBe(Date.parse(expiresAt));
  });

  it("after dropping mail past its TTL, sets the next alarm to the surviving message's TTL exactly", async () => {
    const { address } = await claim("alarm-ttl");
    for (let i = 0; i < 2; i++) await deliver(address, rawMessage({ to: address }));
    // The address outlives its mail here, so the message TTL is the earliest deadline.
    await setMeta(address, "expires_at", Date.now() + 10 * DAY);
    const survivor = await insideMailbox(address, (_p, sql) => {
      sql.exec("UPDATE messages SET received_at = ? WHERE id = 1", Date.now() - DAY - 1);
      return sql.exec<{ at: number }>("SELECT received_at AS at FROM messages WHERE id = 2").one().at;
    });
    expect(await runDurableObjectAlarm(env.MAILBOX.getByName(address))).toBe(true);
    expect(await settledAlarm(address)).toBe(survivor + DAY);
  });

  it("releases a waiting long-poll (204, empty) when the mailbox expires", async () => {
    const { address, token } = await claim("alarm-waiter");
    const started = Date.now();
    const waiting = api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=30`, auth(token));
    // The waiter is registered once the request reaches the object; give it that moment.
    await new Promise((r) => setTimeout(r, 100));
    await setMeta(address, "expires_at", Date.now() - 1);
    expect(await runDurableObjectAlarm(env.MAILBOX.getByName(address))).toBe(true);
    const res = await waiting;
    expect(res.status).toBe(204);
    // Released by the expiry, not by its own 30 s timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("quarantine of an ended name", () => {
  it("keeps an expired name unclaimable, its alarm set to the quarantine's end", async () => {
    const { address } = await claim("q-expired");
    await setMeta(address, "expires_at", Date.now() - 1);
    const before = Date.now();
    expect(await runDurableObjectAlarm(env.MAILBOX.getByName(address))).toBe(true);
    const again = await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name: "q-expired" }) });
    expect(again.status).toBe(409);
    expect((await again.json<{ error: { message: string } }>()).error.message).toMatch(/recently deleted/);
    const until = await insideMailbox(address, (p) => p.lifetime.read());
    expect(until).toMatchObject({ state: "quarantined" });
    const quarantineMs = Number(env.QUARANTINE_SECONDS) * 1000;
    expect(until!.quarantineUntil).toBeGreaterThanOrEqual(before + quarantineMs);
    expect(until!.quarantineUntil).toBeLessThanOrEqual(Date.now() + quarantineMs);
    expect(await settledAlarm(address)).toBe(until!.quarantineUntil);
  });

  it("lets a name be claimed once its quarantine ran out, even before the alarm fired, and it starts empty", async () => {
    const { address, token } = await claim("q-ran-out");
    await deliver(address, rawMessage({ to: address, subject: "from the old owner" }));
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    // The directory hears of the deletion first; then the alarm waits for the quarantine's end.
    expect(await settledAlarm(address)).toBeGreaterThan(Date.now());
    await setMeta(address, "quarantine_until", Date.now() - 1);
    // The alarm that would wipe the tombstone has not run: it is still set, in the future.
    expect(await alarmOf(address)).toBeGreaterThan(Date.now());
    const fresh = await claim("q-ran-out");
    expect(fresh.address).toBe(address);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(fresh.token))).json<{ count: number; latestId: number }>();
    expect(meta).toMatchObject({ count: 0, latestId: 0 });
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token))).status).toBe(401);
    expect(await settledAlarm(address)).toBe(Date.parse(fresh.expiresAt));
  });
});

describe("storage cap", () => {
  it("evicts the oldest mail when a new one would pass MAILBOX_MAX_BYTES, and says so", async () => {
    const { address, token } = await claim("capped");
    await tweak(address, (m) => {
      m.config.mailboxMaxBytes = 3000;
      m.config.evictMinAgeSeconds = 0; // these mails are seconds old (hardening-eviction.test.ts covers the minimum age)
    });
    const sock = await openSocket(address, token, 0);
    for (let i = 1; i <= 4; i++) {
      expect((await deliver(address, rawMessage({ to: address, subject: `m${i}`, body: "x".repeat(500) }))).rejected).toBeNull();
    }
    await sock.until((f) => messageFrames(f).length === 4);
    const deleted = sock.frames.filter((f) => typeof f !== "string" && f.type === "deleted");
    expect(deleted.length).toBeGreaterThan(0);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(list.messages[0].subject).toBe("m4");
    expect(list.messages.map((m) => m.id)).not.toContain(1);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ storedBytes: number; maxBytes: number }>();
    expect(meta.storedBytes).toBeLessThanOrEqual(3000);
    // a single mail larger than the whole mailbox is refused, not stored partially
    const huge = await deliver(address, rawMessage({ to: address, body: "y".repeat(4000) }));
    expect(huge.rejected).toMatch(/holds at most 3000/);
    sock.close();
  });

  it("refuses new mail with a clear reason when the policy is reject", async () => {
    const { address, token } = await claim("strict");
    await tweak(address, (m) => {
      m.config.mailboxMaxBytes = 2000;
      m.config.mailboxFullPolicy = "reject";
    });
    expect((await deliver(address, rawMessage({ to: address, body: "x".repeat(700) }))).rejected).toBeNull();
    const second = await deliver(address, rawMessage({ to: address, body: "x".repeat(700) }));
    expect(second.rejected).toMatch(/Mailbox is full/);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ count: number }>();
    expect(meta.count).toBe(1);
  });
});
