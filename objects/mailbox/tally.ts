// Tally: mail this mailbox received (and sent) since its last batch to the
// directory, per UTC day. Counting is one local write inside the delivery's
// transaction; the alarm hands the counts over at most every STATS_FLUSH_SECONDS.
export interface DayCount {
  day: string;
  received: number;
  sent: number;
}

export class Tally {
  /** null: not known since the object started (or since a wipe); read on demand */
  private pending: boolean | null = null;
  private flushedAt = Date.now();

  constructor(
    private readonly sql: SqlStorage,
    private readonly flushSeconds: number,
  ) {}

  count(kind: "received" | "sent", at: number): void {
    const day = new Date(at).toISOString().slice(0, 10);
    this.sql.exec(`INSERT INTO tally (day, ${kind}) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET ${kind} = ${kind} + 1`, day);
    this.pending = true;
  }

  /** When the counts are due to leave, or null when there are none. */
  due(): number | null {
    this.pending ??= this.sql.exec("SELECT 1 FROM tally LIMIT 1").toArray().length > 0;
    return this.pending ? this.flushedAt + this.flushSeconds * 1000 : null;
  }

  /** Takes every count out (call inside the transaction that queues them). */
  take(now: number): DayCount[] {
    const rows = this.sql
      .exec<{ day: string; received: number; sent: number }>("SELECT day, received, sent FROM tally ORDER BY day")
      .toArray()
      .map((r) => ({ day: r.day, received: r.received, sent: r.sent }));
    this.sql.exec("DELETE FROM tally");
    this.pending = false;
    this.flushedAt = now;
    return rows;
  }

  /** The table was dropped and re-created underneath. */
  forget(): void {
    this.pending = null;
  }
}
