// SendQuota: the daily number of mails an admin allowed this address to send (its own table).
export class SendQuota {
  constructor(private readonly sql: SqlStorage) {}

  /** null: no grant (the deployment's default applies) */
  daily(): number | null {
    const row = this.sql.exec<{ daily: number }>("SELECT daily FROM send_quota WHERE id = 1").toArray()[0];
    return row ? row.daily : null;
  }

  set(daily: number, now = Date.now()): void {
    this.sql.exec(
      `INSERT INTO send_quota (id, daily, set_at) VALUES (1, ?, ?)
       ON CONFLICT(id) DO UPDATE SET daily = excluded.daily, set_at = excluded.set_at`,
      daily,
      now,
    );
  }
}
