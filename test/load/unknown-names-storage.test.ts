// What 1,000 mails and 100 logins to addresses nobody claimed cost on disk, in `wrangler dev`'s state directory.
// In npm run test:load (88 s); npm test checks the same through the storage API (test/worker/hardening-storage.test.ts).
// Locally the runtime (miniflare) keeps one small file per object it started,
// holding only its own `__miniflare_do_name` record; what we measure is what
// the service itself stores: SQL tables and their bytes.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { deliverHttp, startService } from "../node/service";

const persistDir = mkdtempSync(join(tmpdir(), "pigeonhole-storage-"));
afterAll(() => rmSync(persistDir, { recursive: true, force: true }));

/** The runtime's own bookkeeping table in each object's database (local runs only). */
const RUNTIME_TABLE = "__miniflare_do_name";

interface MailboxDb {
  /** every SQL object in it, the runtime's table included */
  names: string[];
  /** its logical size (write-ahead log included): page count × page size */
  bytes: number;
}

interface Usage {
  files: number;
  bytes: number;
  mailboxes: Map<string, MailboxDb>;
}

/** One database as it is on disk; a runtime still shutting down may hold its lock a moment longer. */
async function readDb(path: string): Promise<MailboxDb> {
  for (let attempt = 0; ; attempt++) {
    try {
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        const names = db
          .prepare("SELECT name FROM sqlite_master")
          .all()
          .map((r) => String(r.name));
        const pages = Number(db.prepare("PRAGMA page_count").get()?.page_count);
        const size = Number(db.prepare("PRAGMA page_size").get()?.page_size);
        return { names, bytes: pages * size };
      } finally {
        db.close();
      }
    } catch (err) {
      if (!/locked|busy/i.test(String(err)) || attempt >= 100) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function usage(dir: string, out: Usage = { files: 0, bytes: 0, mailboxes: new Map() }): Promise<Usage> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await usage(path, out);
      continue;
    }
    out.files++;
    out.bytes += statSync(path).size;
    if (dir.endsWith("pigeonhole-Mailbox") && entry.name.endsWith(".sqlite") && entry.name !== "metadata.sqlite") {
      out.mailboxes.set(path, await readDb(path));
    }
  }
  return out;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe("state directory under unauthenticated traffic", () => {
  it("1,000 mails and 100 logins to unknown addresses leave the stored bytes essentially unchanged", async () => {
    // A first run claims one mailbox, so what a running service keeps exists before we measure.
    let svc = await startService({ persistDir });
    expect((await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: "{}" })).status).toBe(201);
    await svc.stop();
    const before = await usage(persistDir);

    svc = await startService({ persistDir });
    const stamp = Date.now().toString(36);
    const mailed = Array.from({ length: 1000 }, (_, i) => `nobody${stamp}x${i}@pigeonhole.test`);
    const loggedIn = Array.from({ length: 100 }, (_, i) => `stranger${stamp}x${i}@pigeonhole.test`);
    await inBatches(mailed, 20, async (to) => {
      const mail = `From: spam@example.com\r\nTo: ${to}\r\nSubject: hi\r\nMessage-ID: <${to}.m@example.com>\r\n\r\nhello\r\n`;
      const res = await deliverHttp(svc.url, "spam@example.com", to, mail);
      await res.body?.cancel();
    });
    await inBatches(loggedIn, 20, async (address) => {
      const res = await fetch(`${svc.url}/api/v1/tokens`, {
        method: "POST",
        body: JSON.stringify({ address, password: "a password guess" }),
      });
      expect(res.status).toBe(401);
      await res.body?.cancel();
    });
    // Stopped, the runtime has checkpointed its write-ahead logs into the databases.
    await svc.stop();
    const after = await usage(persistDir);

    const touched = [...after.mailboxes.entries()].filter(([p]) => !before.mailboxes.has(p)).map(([, db]) => db);
    const ours = touched.flatMap((db) => db.names.filter((n) => n !== RUNTIME_TABLE));
    const dbBytes = touched.reduce((n, db) => n + db.bytes, 0);
    console.log(
      `state directory: before ${before.files} files / ${before.bytes} bytes; after 1,000 mails + 100 logins ` +
        `${after.files} files / ${after.bytes} bytes; ${touched.length} objects started, their databases ` +
        `${dbBytes} bytes in all, SQL objects of ours in them: ${ours.length}`,
    );
    expect(touched.length).toBe(1100);
    // Every database was read whole (the runtime's record is there), and nothing of ours is.
    expect(touched.every((db) => db.names.includes(RUNTIME_TABLE))).toBe(true);
    expect(ours).toEqual([]);
    // Each holds the runtime's record and nothing else: two pages (a mailbox's empty schema alone is ~17).
    expect(touched.every((db) => db.bytes <= 2 * 4096)).toBe(true);
    // ~30 s alone; ten times that on a busy machine.
  }, 300_000);
});
