// Requests from nobody create no storage: a Mailbox whose name was never
// claimed writes nothing (no schema, no rows, no alarm), whatever it is sent.
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { api, auth, claim, DOMAIN, deliver, rawMessage } from "./helpers";

const unknown = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 12)}@${DOMAIN}`;

/** What one Mailbox has stored: its SQL objects, its key-value keys, its alarm and its database's size. */
function stored(address: string) {
  return runInDurableObject(env.MAILBOX.getByName(address), async (_m: Mailbox, state) => ({
    tables: state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master")
      .toArray()
      .map((r) => r.name),
    keys: [...(await state.storage.list()).keys()],
    alarm: await state.storage.getAlarm(),
    bytes: state.storage.sql.databaseSize,
  }));
}

function login(address: string) {
  return api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address, password: "a password guess" }) });
}

describe("storage for names never claimed", () => {
  it("a login, a mail, a socket and owner calls to an unknown name leave its database without a single table", async () => {
    const address = unknown("probe");
    expect((await login(address)).status).toBe(401);
    expect((await deliver(address, rawMessage({ to: address }))).rejected).toMatch(/No such address/);
    // A credential for another address, sent to this one: refused before the object is asked.
    const { token } = await claim();
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token))).status).toBe(403);
    const stub = env.MAILBOX.getByName(address);
    expect((await stub.loginParams()).ok).toBe(false);
    const upgrade = await stub.fetch(
      new Request("https://mailbox.internal/ws", { headers: { Upgrade: "websocket", "x-pigeonhole-epoch": "" } }),
    );
    expect(upgrade.status).toBe(401);
    const s = await stored(address);
    expect(s).toEqual({ tables: [], keys: [], alarm: null, bytes: s.bytes });
  });

  it("1,000 mails and 100 logins to unknown addresses store essentially nothing", async () => {
    const mailed = Array.from({ length: 1000 }, () => unknown("mailed"));
    const loggedIn = Array.from({ length: 100 }, () => unknown("login"));
    for (let i = 0; i < mailed.length; i += 50) {
      const batch = mailed.slice(i, i + 50);
      const outcomes = await Promise.all(batch.map((a) => deliver(a, rawMessage({ to: a }))));
      for (const o of outcomes) expect(o.rejected).toMatch(/No such address/);
    }
    for (let i = 0; i < loggedIn.length; i += 25) {
      const statuses = await Promise.all(loggedIn.slice(i, i + 25).map(async (a) => (await login(a)).status));
      expect(statuses.every((st) => st === 401)).toBe(true);
    }
    let bytes = 0;
    let tables = 0;
    for (const a of [...mailed, ...loggedIn]) {
      const s = await stored(a);
      bytes += s.bytes;
      tables += s.tables.length;
    }
    // A claimed mailbox's empty schema is ~64 KiB; 1,100 of them were ~70 MB before.
    console.log(`1,100 probed names: ${tables} tables, ${bytes} bytes of SQLite in total`);
    expect(tables).toBe(0);
    expect(bytes).toBeLessThan(1100 * 8192);
    // ~6 s alone, ~30 s beside the whole suite: room for ten times that.
  }, 300_000);

  it("a claimed name gets its schema, and a mailbox of an older schema is migrated when it wakes", async () => {
    const { address, token } = await claim();
    const stub = env.MAILBOX.getByName(address);
    // Make it look as a mailbox from before migration 3 does.
    await runInDurableObject(stub, (_m: Mailbox, state) => {
      const sql = state.storage.sql;
      expect(sql.exec("SELECT count(*) AS c FROM sqlite_master WHERE name = 'messages'").one().c).toBe(1);
      sql.exec("DROP TABLE password");
      sql.exec("DROP TABLE login_throttle");
      sql.exec("ALTER TABLE messages DROP COLUMN seen");
      sql.exec("ALTER TABLE messages DROP COLUMN updated_at");
      sql.exec("DELETE FROM schema_version WHERE version = 3");
    });
    await evictDurableObject(stub);
    // Waking it (any call) applies what is missing.
    const res = await api(
      `/api/v1/mailboxes/${address}/password`,
      auth(token, { method: "PUT", body: JSON.stringify({ password: "after the upgrade" }) }),
    );
    expect(res.status).toBe(204);
    const versions = await runInDurableObject(stub, (_m: Mailbox, state) =>
      state.storage.sql
        .exec<{ version: number }>("SELECT version FROM schema_version ORDER BY version")
        .toArray()
        .map((r) => r.version),
    );
    expect(versions).toContain(3);
  });

  it("after its quarantine a retired name is gone entirely", async () => {
    const { address, token } = await claim();
    await deliver(address, rawMessage({ to: address }));
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    const stub = env.MAILBOX.getByName(address);
    // The tombstone is there while the quarantine lasts…
    expect((await stored(address)).tables).toContain("meta");
    // The ending's directory rows are due at once and go out from an alarm of their own; wait
    // for them, so that evicting below cannot cut that alarm off halfway (a cut-off alarm is
    // retried later by the runtime, which this test would not wait for).
    for (let i = 0; i < 100; i++) {
      const owed = await runInDurableObject(
        stub,
        (_m: Mailbox, state) =>
          state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sending')").one().n,
      );
      if (owed === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await runInDurableObject(stub, (_m: Mailbox, state) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'quarantine_until'", String(Date.now() - 1));
    });
    await evictDurableObject(stub);
    const { runDurableObjectAlarm } = await import("cloudflare:test");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // …and then nothing at all.
    const s = await stored(address);
    expect(s.tables).toEqual([]);
    expect(s.keys).toEqual([]);
    expect(s.alarm).toBeNull();
  });
});
