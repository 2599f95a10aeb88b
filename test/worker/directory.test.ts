// The D1 directory: migrations the Worker applies itself (as wrangler would),
// and the index every mailbox keeps up to date through its outbox: written on
// create, delete and expiry, retried through a D1 outage without holding up
// mail, counts in batches, and never overwritten by an older update.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applyUpdate } from "../../objects/directory/address-index";
import { applyMigrations, DIRECTORY_MIGRATIONS, openDirectory, statements } from "../../objects/directory/migrate";
import type { AdminStats } from "../../src/contract/accounts";
import { adminToken, bearer, directoryRow, owedToDirectory, syncDirectory } from "./directory-helpers";
import { api, auth, claim, deliver, rawMessage } from "./helpers";

describe("directory migrations", () => {
  it("are the files in schema/d1, split into the statements wrangler would run, recorded under wrangler's names", async () => {
    const wrangler = env.TEST_D1_MIGRATIONS;
    expect(DIRECTORY_MIGRATIONS.map((m) => m.name)).toEqual(wrangler.map((m) => m.name));
    const plain = (q: string) =>
      q
        .replace(/--[^\n]*/g, "")
        .replace(/\s+/g, " ")
        .replace(/;\s*$/, "")
        .trim();
    for (const [i, m] of DIRECTORY_MIGRATIONS.entries()) {
      expect(statements(m.sql).map(plain)).toEqual(wrangler[i].queries.map(plain).filter(Boolean));
    }
    await openDirectory(env.DIRECTORY);
    const { results } = await env.DIRECTORY.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(wrangler.map((m) => m.name));
    // What `wrangler d1 migrations apply` reads to decide what is pending: the same table and columns.
    const cols = await env.DIRECTORY.prepare("PRAGMA table_info(d1_migrations)").all<{ name: string }>();
    expect(cols.results.map((c) => c.name)).toEqual(["id", "name", "applied_at"]);
  });

  it("apply each migration once when two isolates race for it, and never half of one", async () => {
    const probe = [{ name: "9990_probe.sql", sql: "CREATE TABLE probe_a (x INTEGER);\nCREATE TABLE probe_b (y INTEGER);\n" }];
    await Promise.all([
      applyMigrations(env.DIRECTORY, probe),
      applyMigrations(env.DIRECTORY, probe),
      applyMigrations(env.DIRECTORY, probe),
    ]);
    const rows = await env.DIRECTORY.prepare("SELECT count(*) AS n FROM d1_migrations WHERE name = '9990_probe.sql'").first<{
      n: number;
    }>();
    expect(rows?.n).toBe(1);
    // A migration that fails part way leaves neither its tables nor its record.
    const broken = [{ name: "9991_broken.sql", sql: "CREATE TABLE probe_c (x INTEGER);\nCREATE TABLE probe_a (x INTEGER);\n" }];
    await expect(applyMigrations(env.DIRECTORY, broken)).rejects.toThrow();
    const tables = await env.DIRECTORY.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'probe_%' ORDER BY name").all<{
      name: string;
    }>();
    expect(tables.results.map((t) => t.name)).toEqual(["probe_a", "probe_b"]);
    const record = await env.DIRECTORY.prepare("SELECT count(*) AS n FROM d1_migrations WHERE name = '9991_broken.sql'").first<{
      n: number;
    }>();
    expect(record?.n).toBe(0);
  });
});

describe("the address index", () => {
  it("counts mail in batches, not one directory write per mail, and counts a batch sent twice once", async () => {
    const { address } = await claim("indexed-counts");
    await syncDirectory(address);
    const admin = await adminToken();
    const before = await (await api("/api/v1/admin/stats", bearer(admin))).json<AdminStats>();
    const mails = 30;
    for (let i = 0; i < mails; i++) await deliver(address, rawMessage({ to: address, subject: `count ${i}` }));
    // STATS_FLUSH_SECONDS is 1 here: the counts leave within about a second, in a handful of batches.
    await new Promise((r) => setTimeout(r, 1200));
    await runDurableObjectAlarm(env.MAILBOX.getByName(address));
    await syncDirectory(address);
    const batches = await runInDurableObject(env.MAILBOX.getByName(address), (_o, state) =>
      state.storage.sql.exec<{ payload: string }>("SELECT payload FROM outbox WHERE target_kind = 'directory'").toArray(),
    );
    const counts = batches.map((b) => JSON.parse(b.payload)).filter((p) => p.type === "counts");
    expect(counts.length).toBeGreaterThanOrEqual(1);
    expect(counts.length).toBeLessThanOrEqual(5);
    expect(counts.reduce((n, c) => n + c.counts.days.reduce((m: number, d: { received: number }) => m + d.received, 0), 0)).toBe(mails);
    const after = await (await api("/api/v1/admin/stats", bearer(admin))).json<AdminStats>();
    expect(after.receivedToday - before.receivedToday).toBe(mails);
    expect(after.receivedTotal - before.receivedTotal).toBe(mails);
    // The same batch again (a row sent twice after a crash) changes nothing.
    await applyUpdate(env.DIRECTORY, counts[counts.length - 1]);
    const again = await (await api("/api/v1/admin/stats", bearer(admin))).json<AdminStats>();
    expect(again.receivedTotal).toBe(after.receivedTotal);
    expect(await owedToDirectory(address)).toBe(0);
  });

  it("holds every address the moment its mailbox reports: created, then deleted", async () => {
    const { address, token } = await claim("indexed-one");
    await syncDirectory(address);
    const created = await directoryRow(address);
    expect(created).toMatchObject({ address, state: "active", owner: null });
    expect(created!.expires_at - created!.created_at).toBe(86_400_000);
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    await syncDirectory(address);
    expect(await directoryRow(address)).toMatchObject({ address, state: "deleted" });
  });

  it("hears of expiry from the mailbox's own alarm", async () => {
    const { address } = await claim("indexed-expiring");
    const stub = env.MAILBOX.getByName(address);
    await runInDurableObject(stub, (obj, state) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'expires_at'", String(Date.now() - 1));
      (obj as unknown as { parts: { lifetime: { forget(): void } } }).parts.lifetime.forget();
    });
    await runDurableObjectAlarm(stub);
    await syncDirectory(address);
    expect(await directoryRow(address)).toMatchObject({ address, state: "expired" });
  });

  it("keeps what a mailbox owes through a D1 outage: mail is stored meanwhile, and the update arrives once D1 is back", async () => {
    await openDirectory(env.DIRECTORY);
    await env.DIRECTORY.exec("ALTER TABLE addresses RENAME TO addresses_away");
    let address: string;
    try {
      ({ address } = await claim("indexed-outage"));
      // The mailbox works as ever while its directory row cannot be written.
      expect((await deliver(address, rawMessage({ to: address, subject: "during the outage" }))).rejected).toBeNull();
      await runDurableObjectAlarm(env.MAILBOX.getByName(address));
      const waiting = await runInDurableObject(env.MAILBOX.getByName(address), (_o, state) =>
        state.storage.sql
          .exec<{ attempts: number; last_error: string | null; state: string }>(
            "SELECT attempts, last_error, state FROM outbox WHERE target_kind = 'directory' ORDER BY id LIMIT 1",
          )
          .one(),
      );
      expect(waiting.state).toBe("pending");
      expect(waiting.attempts).toBeGreaterThanOrEqual(1);
      expect(waiting.last_error).toMatch(/directory: .*addresses/);
    } finally {
      await env.DIRECTORY.exec("ALTER TABLE addresses_away RENAME TO addresses");
    }
    await syncDirectory(address!, 20_000);
    expect(await directoryRow(address!)).toMatchObject({ state: "active" });
  });

  it("never lets an older update overwrite a newer one, and drops a gone address's row after its quarantine", async () => {
    const row = { address: "ordered@pigeonhole.test", createdAt: 1000, expiresAt: 2000, owner: null, purgeAfter: Date.now() + 60_000 };
    await applyUpdate(env.DIRECTORY, { type: "address", row: { ...row, state: "active", version: 5 } });
    await applyUpdate(env.DIRECTORY, { type: "address", row: { ...row, state: "deleted", version: 7 } });
    await applyUpdate(env.DIRECTORY, { type: "address", row: { ...row, state: "active", version: 6 } });
    expect(await directoryRow(row.address)).toMatchObject({ state: "deleted", version: 7 });
    // Its quarantine ends; the next address that ends sweeps it out.
    await env.DIRECTORY.prepare("UPDATE addresses SET purge_after = ? WHERE address = ?")
      .bind(Date.now() - 1, row.address)
      .run();
    const other = { ...row, address: "other@pigeonhole.test", state: "expired" as const, version: 1 };
    await applyUpdate(env.DIRECTORY, { type: "address", row: other });
    expect(await directoryRow(row.address)).toBeNull();
    expect(await directoryRow(other.address)).toMatchObject({ state: "expired" });
  });
});
