// Brings the D1 directory up to date on first use in each isolate: every
// schema/d1 file not yet recorded in wrangler's own `d1_migrations` table is
// applied together with its record in one atomic batch, so this and
// `wrangler d1 migrations apply` always agree on what is done.
import directory0001 from "../../schema/d1/0001_directory.sql";
import apiKeys0002 from "../../schema/d1/0002_api_keys.sql";
import keyLastUsed0003 from "../../schema/d1/0003_api_key_last_used.sql";

/** Every directory migration, in order, named as its file (the name wrangler records). */
export const DIRECTORY_MIGRATIONS: { name: string; sql: string }[] = [
  { name: "0001_directory.sql", sql: directory0001 },
  { name: "0002_api_keys.sql", sql: apiKeys0002 },
  { name: "0003_api_key_last_used.sql", sql: keyLastUsed0003 },
];

/** The table exactly as wrangler creates it. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** A migration's statements: our files end each one with `;` at the end of a line, and whole-line comments hold none. */
export function statements(sql: string): string[] {
  const code = sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n");
  return code
    .split(/;[ \t]*(?:--[^\n]*)?(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Set once this isolate has seen the directory up to date. A flag, not a shared promise: a request
 * that awaited another request's migration would resume inside that request's context, where the
 * runtime refuses its I/O. The first requests of an isolate each check (applyMigrations takes a
 * lost race), later ones none.
 */
let migrated = false;

/** The directory, migrated (checked until one check succeeds in this isolate; a failure is tried again on the next use). */
export async function openDirectory(db: D1Database): Promise<D1Database> {
  if (!migrated) {
    await applyMigrations(db);
    migrated = true;
  }
  return db;
}

/** Applies what `migrations` lists and `d1_migrations` does not: each with its record, atomically; a lost race is looked at again. */
export async function applyMigrations(db: D1Database, migrations = DIRECTORY_MIGRATIONS): Promise<void> {
  await db.prepare(MIGRATIONS_TABLE).run();
  for (let attempt = 0; ; attempt++) {
    const done = await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>();
    const applied = new Set(done.results.map((r) => r.name));
    const next = migrations.find((m) => !applied.has(m.name));
    if (!next) return;
    try {
      await db.batch([
        ...statements(next.sql).map((s) => db.prepare(s)),
        db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(next.name),
      ]);
    } catch (err) {
      // Another isolate may have applied it meanwhile (the batch rolled back): look again.
      if (attempt >= migrations.length + 2) throw err;
    }
  }
}
