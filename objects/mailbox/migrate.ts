// Applies schema/mailbox/NNNN_*.sql in order, once each, recording every
// applied version in the object's own database.
import init0001 from "../../schema/mailbox/0001_init.sql";
import outbox0002 from "../../schema/mailbox/0002_outbox.sql";
import accounts0003 from "../../schema/mailbox/0003_accounts.sql";
import mailboxId0004 from "../../schema/mailbox/0004_mailbox_id.sql";
import outboxEffects0005 from "../../schema/mailbox/0005_outbox_effects.sql";
import sending0006 from "../../schema/mailbox/0006_sending.sql";
import directory0007 from "../../schema/mailbox/0007_directory.sql";
import deliveries0008 from "../../schema/mailbox/0008_deliveries.sql";
import codeHandouts0009 from "../../schema/mailbox/0009_code_handouts.sql";
import receivedIso0010 from "../../schema/mailbox/0010_received_iso.sql";
import summaryTail0011 from "../../schema/mailbox/0011_summary_tail.sql";

/** Every migration, in order. Add new files here as NNNN_name.sql. */
export const MAILBOX_MIGRATIONS: { version: number; sql: string }[] = [
  { version: 1, sql: init0001 },
  { version: 2, sql: outbox0002 },
  { version: 3, sql: accounts0003 },
  { version: 4, sql: mailboxId0004 },
  { version: 5, sql: outboxEffects0005 },
  { version: 6, sql: sending0006 },
  { version: 7, sql: directory0007 },
  { version: 8, sql: deliveries0008 },
  { version: 9, sql: codeHandouts0009 },
  { version: 10, sql: receivedIso0010 },
  { version: 11, sql: summaryTail0011 },
];

/** Whether this database was ever given the schema: only a claimed name gets one. */
export function schemaLaid(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").toArray().length > 0;
}

/** What a waking mailbox reads: the applied versions and its meta rows, or null for a name never claimed. */
export interface Woken {
  versions: Set<number>;
  meta: { key: string; value: string }[];
}

/**
 * The wake-up read: schema versions and meta in one statement, so a cold
 * mailbox that is up to date costs one small read before it takes a delivery
 * (it used to be four: two catalogue lookups, the version list and the meta).
 * Null when the tables are missing: a name never claimed, or a database from
 * before either table, which the caller checks the long way.
 */
export function wake(sql: SqlStorage): Woken | null {
  let rows: { version: number | null; key: string | null; value: string | null }[];
  try {
    rows = sql
      .exec<{ version: number | null; key: string | null; value: string | null }>(
        "SELECT version, NULL AS key, NULL AS value FROM schema_version UNION ALL SELECT NULL, key, value FROM meta",
      )
      .toArray();
  } catch {
    return null;
  }
  const versions = new Set<number>();
  const meta: { key: string; value: string }[] = [];
  for (const r of rows) {
    if (r.version !== null) versions.add(r.version);
    else if (r.key !== null) meta.push({ key: r.key, value: r.value ?? "" });
  }
  return { versions, meta };
}

/** Whether every known migration is applied. */
export function upToDate(versions: Set<number>, migrations = MAILBOX_MIGRATIONS): boolean {
  return migrations.every((m) => versions.has(m.version));
}

/**
 * Applies each migration whose version is not yet recorded. Versions are
 * tracked one by one, not as a high-water mark: numbers are assigned to areas
 * that land in any order, so a database already at 3 must still get 2.
 */
export function migrate(sql: SqlStorage, migrations = MAILBOX_MIGRATIONS): number {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const applied = new Set(
    sql
      .exec<{ version: number }>("SELECT version FROM schema_version")
      .toArray()
      .map((r) => r.version),
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    sql.exec(m.sql);
    sql.exec("INSERT INTO schema_version (version) VALUES (?)", m.version);
    applied.add(m.version);
  }
  return Math.max(0, ...applied);
}
