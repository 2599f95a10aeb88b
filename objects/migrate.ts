// Applies schema/mailbox/NNNN_*.sql in order, once each, recording the
// version in the object's own database.
import init0001 from "../schema/mailbox/0001_init.sql";
import outbox0002 from "../schema/mailbox/0002_outbox.sql";

/** Every migration, in order. Add new files here as NNNN_name.sql. */
export const MAILBOX_MIGRATIONS: { version: number; sql: string }[] = [
  { version: 1, sql: init0001 },
  { version: 2, sql: outbox0002 },
];

export function migrate(sql: SqlStorage, migrations = MAILBOX_MIGRATIONS): number {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT max(version) AS version FROM schema_version").one();
  let current = row.version ?? 0;
  for (const m of migrations) {
    if (m.version <= current) continue;
    sql.exec(m.sql);
    sql.exec("INSERT INTO schema_version (version) VALUES (?)", m.version);
    current = m.version;
  }
  return current;
}
