// Outbox: the queue of effects one mailbox owes the outside (Telegram pushes,
// webhooks, sent mail, directory updates), written in the same
// transaction as the change that causes them and sent by the alarm.
import type { OutboxEntry, OutboxReport, OutboxState } from "../../src/contract/wire";

/** What an outbox row is; each kind has its courier (couriers/). */
export type TargetKind = "telegram" | "webhook" | "mail" | "directory";

export interface OutboxRow {
  id: number;
  messageId: number | null;
  kind: TargetKind;
  targetId: string;
  payload: string;
  attempts: number;
  nextAt: number;
  state: OutboxState;
}

type Row = Record<string, SqlStorageValue>;

function outboxRow(r: Row): OutboxRow {
  return {
    id: r.id as number,
    messageId: r.message_id as number | null,
    kind: r.target_kind as TargetKind,
    targetId: r.target_id as string,
    payload: r.payload as string,
    attempts: r.attempts as number,
    nextAt: r.next_at as number,
    state: r.state as OutboxState,
  };
}

/** The head of each target's queue: its oldest row still owed (pending or in flight). */
const HEADS = `SELECT * FROM outbox WHERE id IN (
  SELECT min(id) FROM outbox WHERE state IN ('pending', 'sending') GROUP BY target_kind, target_id)`;

export class Outbox {
  /** nextDue's answer while no write has changed the table since (undefined: ask SQLite). */
  private due: number | null | undefined;

  constructor(private readonly sql: SqlStorage) {}

  /** Every write goes through here, so a kept nextDue never outlives a change. */
  private write(query: string, ...bindings: SqlStorageValue[]): void {
    this.due = undefined;
    this.sql.exec(query, ...bindings);
  }

  /** Storage was wiped underneath: drop what is kept. */
  forget(): void {
    this.due = undefined;
  }

  /** Adds one row; call inside the delivery's transaction. */
  enqueue(messageId: number | null, kind: TargetKind, targetId: string, payload: unknown, now: number): void {
    this.write(
      `INSERT INTO outbox (message_id, target_kind, target_id, payload, next_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      messageId,
      kind,
      targetId,
      JSON.stringify(payload),
      now,
      now,
    );
  }

  /** Heads of every target's queue, including those not yet due. */
  heads(): OutboxRow[] {
    return this.sql.exec<Row>(HEADS).toArray().map(outboxRow);
  }

  /** When the alarm must next run for the outbox, or null when nothing is owed. */
  nextDue(): number | null {
    // Asked after every delivery; most deliveries enqueue nothing, so the answer stands (null too: nothing owed).
    if (this.due === undefined) {
      this.due = this.sql.exec<{ due: number | null }>(`SELECT min(next_at) AS due FROM (${HEADS}) WHERE state = 'pending'`).one().due;
    }
    return this.due;
  }

  /** Rows found 'sending' that no request of this instance is carrying: their run was interrupted. */
  orphans(inFlight: ReadonlySet<number>): OutboxRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM outbox WHERE state = 'sending' ORDER BY id")
      .toArray()
      .map(outboxRow)
      .filter((r) => !inFlight.has(r.id));
  }

  /** Payloads of `kind` not yet sent (pending or in flight), oldest first. */
  owed(kind: TargetKind): string[] {
    return this.sql
      .exec<{ payload: string }>("SELECT payload FROM outbox WHERE target_kind = ? AND state IN ('pending', 'sending') ORDER BY id", kind)
      .toArray()
      .map((r) => r.payload);
  }

  /** Claims a row for one request: counted as an attempt before it leaves. */
  markSending(id: number): void {
    this.write("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'", id);
  }

  markSent(id: number, now: number, receipt: string | null = null): void {
    this.write("UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL, receipt = ? WHERE id = ?", now, receipt, id);
  }

  /** The states (and last errors) of every row one message caused, of one kind. */
  statesOf(messageId: number, kind: TargetKind): { state: OutboxState; lastError: string | null }[] {
    return this.sql
      .exec<{ state: OutboxState; last_error: string | null }>(
        "SELECT state, last_error FROM outbox WHERE message_id = ? AND target_kind = ? ORDER BY id",
        messageId,
        kind,
      )
      .toArray()
      .map((r) => ({ state: r.state, lastError: r.last_error }));
  }

  retryAt(id: number, at: number, error: string): void {
    this.write("UPDATE outbox SET state = 'pending', next_at = ?, last_error = ? WHERE id = ? AND state = 'sending'", at, error, id);
  }

  markDead(id: number, error: string): void {
    this.write("UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ? AND state IN ('pending', 'sending')", error, id);
  }

  /** Every unfinished row of a target becomes dead (target gone, or refused us for good). */
  giveUpTarget(kind: TargetKind, targetId: string, why: string): void {
    this.write(
      "UPDATE outbox SET state = 'dead', last_error = ? WHERE target_kind = ? AND target_id = ? AND state IN ('pending', 'sending')",
      why,
      kind,
      targetId,
    );
  }

  /** Forgets finished rows (sent, or dead and shown long enough) created before `before`. */
  pruneFinished(before: number): void {
    this.write("DELETE FROM outbox WHERE state IN ('sent', 'dead') AND created_at < ?", before);
  }

  report(limit: number): OutboxReport {
    const counts: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
    // Directory updates are the service's own bookkeeping, not the owner's notifications.
    for (const r of this.sql.exec<{ state: OutboxState; n: number }>(
      "SELECT state, count(*) AS n FROM outbox WHERE target_kind != 'directory' GROUP BY state",
    )) {
      counts[r.state] = r.n;
    }
    const entries: OutboxEntry[] = this.sql
      .exec<Row>("SELECT * FROM outbox WHERE target_kind != 'directory' ORDER BY id DESC LIMIT ?", limit)
      .toArray()
      .map((r) => ({
        id: r.id as number,
        messageId: r.message_id as number | null,
        target: { kind: r.target_kind as OutboxEntry["target"]["kind"], id: r.target_id as string },
        state: r.state as OutboxState,
        attempts: r.attempts as number,
        nextAt: new Date(r.next_at as number).toISOString(),
        lastError: r.last_error as string | null,
        createdAt: new Date(r.created_at as number).toISOString(),
        sentAt: r.sent_at === null ? null : new Date(r.sent_at as number).toISOString(),
        receipt: (r.receipt as string | null) ?? null,
      }));
    return { counts, entries };
  }
}
