// The blocklist in the directory: senders whose mail is refused, names nobody
// may claim. `settings.blocklist_version` changes with every write, so an
// isolate's refresh reads one row when nothing changed.
import { openDirectory } from "../../objects/directory/migrate";
import type { Blocklist } from "../contract/accounts";
import type { Env } from "../env";
import { ApiError } from "../http/errors";

export const MAX_BLOCKLIST_ENTRIES = 10_000;

/** Rows per INSERT: two bound values each, under D1's 100 per statement. */
const ROWS_PER_INSERT = 40;

export async function blocklistVersion(env: Env): Promise<string> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db.prepare("SELECT value FROM settings WHERE key = 'blocklist_version'").first<{ value: string }>();
  return r?.value ?? "0";
}

export async function readBlocklist(env: Env): Promise<Blocklist & { version: string }> {
  const db = await openDirectory(env.DIRECTORY);
  const [version, rows] = await db.batch<{ value?: string; kind?: "sender" | "name"; pattern?: string }>([
    db.prepare("SELECT value FROM settings WHERE key = 'blocklist_version'"),
    db.prepare("SELECT kind, pattern FROM blocklist ORDER BY kind, pattern"),
  ]);
  const list: Blocklist = { senders: [], names: [] };
  for (const r of rows.results) (r.kind === "sender" ? list.senders : list.names).push(r.pattern as string);
  return { ...list, version: version.results[0]?.value ?? "0" };
}

/** Replaces both lists at once (one atomic batch). */
export async function writeBlocklist(env: Env, list: Blocklist): Promise<string> {
  const db = await openDirectory(env.DIRECTORY);
  const version = String(Date.now());
  const rows: [string, string][] = [
    ...list.senders.map((p) => ["sender", p] as [string, string]),
    ...list.names.map((p) => ["name", p] as [string, string]),
  ];
  const inserts: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    inserts.push(db.prepare(`INSERT INTO blocklist (kind, pattern) VALUES ${chunk.map(() => "(?, ?)").join(", ")}`).bind(...chunk.flat()));
  }
  await db.batch([
    db.prepare("DELETE FROM blocklist"),
    ...inserts,
    db
      .prepare("INSERT INTO settings (key, value) VALUES ('blocklist_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(version),
  ]);
  return version;
}

const SENDER = /^[^\s@]{1,64}@[^\s@]{1,253}$/;
const NAME = /^[a-z0-9._*-]{1,64}$/;

/** Validates and normalises a PUT body: lower-case, trimmed, unique, sorted. */
export function blocklistFrom(body: Record<string, unknown>): Blocklist {
  for (const key of Object.keys(body)) {
    if (key !== "senders" && key !== "names") throw new ApiError("bad_request", `Unknown field '${key}'.`);
  }
  const read = (key: "senders" | "names", pattern: RegExp, what: string): string[] => {
    const value = body[key] ?? [];
    if (!Array.isArray(value)) throw new ApiError("bad_request", `${key} must be an array of strings.`);
    const out = new Set<string>();
    for (const item of value) {
      const p = typeof item === "string" ? item.trim().toLowerCase() : null;
      if (p === null || !pattern.test(p))
        throw new ApiError("bad_request", `${key}: ${JSON.stringify(item)?.slice(0, 80)} is not ${what}.`);
      out.add(p);
    }
    return [...out].sort();
  };
  const list = {
    senders: read("senders", SENDER, "an address pattern like x@y.z or *@spam.test"),
    names: read("names", NAME, "a name pattern (a-z, 0-9, '.', '_', '-', '*')"),
  };
  if (list.senders.length + list.names.length > MAX_BLOCKLIST_ENTRIES) {
    throw new ApiError("bad_request", `At most ${MAX_BLOCKLIST_ENTRIES} entries in all.`);
  }
  return list;
}
