// SendQuota: how many recipients this address may still send to today (UTC), counted in its
// own `send_ledger` row; the deployment's SEND_DAILY_QUOTA unless the address was granted its own.

export interface QuotaState {
  /** UTC day, YYYY-MM-DD */
  day: string;
  used: number;
  limit: number;
  /** epoch ms when the count starts again (next UTC midnight) */
  resetsAt: number;
}

type Ledger = { day: string; used: number; granted: number | null };

export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export class SendQuota {
  constructor(
    private readonly sql: SqlStorage,
    private readonly deploymentDefault: number,
  ) {}

  private ledger(): Ledger | null {
    return this.sql.exec<Ledger>("SELECT day, used, granted FROM send_ledger WHERE id = 1").toArray()[0] ?? null;
  }

  state(now: number): QuotaState {
    const row = this.ledger();
    const day = utcDay(now);
    return {
      day,
      used: row?.day === day ? row.used : 0,
      limit: row?.granted ?? this.deploymentDefault,
      resetsAt: nextUtcMidnight(now),
    };
  }

  /** Counts `n` recipients against today; false (and nothing counted) when they do not fit. */
  take(n: number, now: number): boolean {
    const s = this.state(now);
    if (s.used + n > s.limit) return false;
    this.sql.exec(
      `INSERT INTO send_ledger (id, day, used, granted) VALUES (1, ?, ?, NULL)
       ON CONFLICT(id) DO UPDATE SET day = excluded.day, used = excluded.used`,
      s.day,
      s.used + n,
    );
    return true;
  }

  /** This address's own daily quota (an admin's grant); null returns it to the deployment's default. */
  grant(daily: number | null, now: number): void {
    const s = this.state(now);
    this.sql.exec(
      `INSERT INTO send_ledger (id, day, used, granted) VALUES (1, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET granted = excluded.granted`,
      s.day,
      s.used,
      daily,
    );
  }
}
