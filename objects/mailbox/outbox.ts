// Outbox: the SQL of one mailbox's notification targets (Telegram chats,
// webhooks) and of the queue of notifications owed to them.
import type { OutboxEntry, OutboxReport, OutboxState, WebhookInfo } from "../../src/contract/wire";

export type TargetKind = "telegram" | "webhook";

export interface OutboxRow {
  id: number;
  messageId: number;
  kind: TargetKind;
  targetId: string;
  payload: string;
  attempts: number;
  nextAt: number;
  state: OutboxState;
}

export interface TelegramBinding {
  chatId: string;
  lang: string;
}

export interface Webhook {
  id: string;
  url: string;
  secret: string;
  createdAt: number;
}

type Row = Record<string, SqlStorageValue>;

function outboxRow(r: Row): OutboxRow {
  return {
    id: r.id as number,
    messageId: r.message_id as number,
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
  constructor(private readonly sql: SqlStorage) {}

  // ---- targets -------------------------------------------------------------

  telegramChats(): TelegramBinding[] {
    return this.sql
      .exec<{ chat_id: string; lang: string }>("SELECT chat_id, lang FROM telegram_chats ORDER BY bound_at")
      .toArray()
      .map((r) => ({ chatId: r.chat_id, lang: r.lang }));
  }

  /** Binds a chat; false when the per-mailbox limit is reached. Re-binding only updates the language. */
  bindTelegram(chatId: string, lang: string, limit: number, now: number): boolean {
    const exists = this.sql.exec("SELECT 1 FROM telegram_chats WHERE chat_id = ?", chatId).toArray().length > 0;
    if (!exists && this.telegramChats().length >= limit) return false;
    this.sql.exec(
      `INSERT INTO telegram_chats (chat_id, lang, bound_at) VALUES (?, ?, ?)
       ON CONFLICT(chat_id) DO UPDATE SET lang = excluded.lang`,
      chatId,
      lang,
      now,
    );
    return true;
  }

  /** Unbinds a chat; what it was still owed is given up (it asked for no more). */
  unbindTelegram(chatId: string, why: string): boolean {
    const removed = this.sql.exec("DELETE FROM telegram_chats WHERE chat_id = ?", chatId).rowsWritten > 0;
    this.giveUpTarget("telegram", chatId, why);
    return removed;
  }

  webhooks(): Webhook[] {
    return this.sql
      .exec<{ id: string; url: string; secret: string; created_at: number }>(
        "SELECT id, url, secret, created_at FROM webhooks ORDER BY created_at, id",
      )
      .toArray()
      .map((r) => ({ id: r.id, url: r.url, secret: r.secret, createdAt: r.created_at }));
  }

  webhook(id: string): Webhook | null {
    return this.webhooks().find((w) => w.id === id) ?? null;
  }

  addWebhook(w: Webhook): void {
    this.sql.exec("INSERT INTO webhooks (id, url, secret, created_at) VALUES (?, ?, ?, ?)", w.id, w.url, w.secret, w.createdAt);
  }

  deleteWebhook(id: string): boolean {
    const removed = this.sql.exec("DELETE FROM webhooks WHERE id = ?", id).rowsWritten > 0;
    if (removed) this.giveUpTarget("webhook", id, "webhook deleted");
    return removed;
  }

  // ---- queue -----------------------------------------------------------------

  /** Adds one row; call inside the delivery's transaction. */
  enqueue(messageId: number, kind: TargetKind, targetId: string, payload: unknown, now: number): void {
    this.sql.exec(
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
    const r = this.sql.exec<{ due: number | null }>(`SELECT min(next_at) AS due FROM (${HEADS}) WHERE state = 'pending'`).one();
    return r.due;
  }

  /** Rows found 'sending' that no request of this instance is carrying: their run was interrupted. */
  orphans(inFlight: ReadonlySet<number>): OutboxRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM outbox WHERE state = 'sending' ORDER BY id")
      .toArray()
      .map(outboxRow)
      .filter((r) => !inFlight.has(r.id));
  }

  /** Claims a row for one request: counted as an attempt before it leaves. */
  markSending(id: number): void {
    this.sql.exec("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'", id);
  }

  markSent(id: number, now: number): void {
    this.sql.exec("UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?", now, id);
  }

  retryAt(id: number, at: number, error: string): void {
    this.sql.exec("UPDATE outbox SET state = 'pending', next_at = ?, last_error = ? WHERE id = ? AND state = 'sending'", at, error, id);
  }

  markDead(id: number, error: string): void {
    this.sql.exec("UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ? AND state IN ('pending', 'sending')", error, id);
  }

  /** Every unfinished row of a target becomes dead (target gone, or refused us for good). */
  giveUpTarget(kind: TargetKind, targetId: string, why: string): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'dead', last_error = ? WHERE target_kind = ? AND target_id = ? AND state IN ('pending', 'sending')",
      why,
      kind,
      targetId,
    );
  }

  /** Forgets finished rows (sent, or dead and shown long enough) created before `before`. */
  pruneFinished(before: number): void {
    this.sql.exec("DELETE FROM outbox WHERE state IN ('sent', 'dead') AND created_at < ?", before);
  }

  report(limit: number): OutboxReport {
    const counts: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
    for (const r of this.sql.exec<{ state: OutboxState; n: number }>("SELECT state, count(*) AS n FROM outbox GROUP BY state")) {
      counts[r.state] = r.n;
    }
    const entries: OutboxEntry[] = this.sql
      .exec<Row>("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", limit)
      .toArray()
      .map((r) => ({
        id: r.id as number,
        messageId: r.message_id as number,
        target: { kind: r.target_kind as TargetKind, id: r.target_id as string },
        state: r.state as OutboxState,
        attempts: r.attempts as number,
        nextAt: new Date(r.next_at as number).toISOString(),
        lastError: r.last_error as string | null,
        createdAt: new Date(r.created_at as number).toISOString(),
        sentAt: r.sent_at === null ? null : new Date(r.sent_at as number).toISOString(),
      }));
    return { counts, entries };
  }
}

export function webhookInfo(w: Webhook): WebhookInfo {
  return { id: w.id, url: w.url, createdAt: new Date(w.createdAt).toISOString() };
}
