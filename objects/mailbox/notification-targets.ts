// NotificationTargets: the Telegram chats and webhooks a mailbox pushes to (their own tables).
import type { WebhookInfo } from "../../src/contract/wire";
import type { Outbox } from "./outbox";

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

export class NotificationTargets {
  /** Both lists are read for every delivery and change rarely: kept until this class writes either table. */
  private chats: TelegramBinding[] | null = null;
  private hooks: Webhook[] | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: Outbox,
  ) {}

  /** Storage was wiped underneath, or a write is being made: read the tables again next time. */
  forget(): void {
    this.chats = null;
    this.hooks = null;
  }

  telegramChats(): TelegramBinding[] {
    this.chats ??= this.sql
      .exec<{ chat_id: string; lang: string }>("SELECT chat_id, lang FROM telegram_chats ORDER BY bound_at")
      .toArray()
      .map((r) => ({ chatId: r.chat_id, lang: r.lang }));
    return [...this.chats];
  }

  /** Binds a chat; false when the per-mailbox limit is reached. Re-binding only updates the language. */
  bindTelegram(chatId: string, lang: string, limit: number, now: number): boolean {
    const exists = this.sql.exec("SELECT 1 FROM telegram_chats WHERE chat_id = ?", chatId).toArray().length > 0;
    if (!exists && this.telegramChats().length >= limit) return false;
    this.forget();
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
    this.forget();
    const removed = this.sql.exec("DELETE FROM telegram_chats WHERE chat_id = ?", chatId).rowsWritten > 0;
    this.outbox.giveUpTarget("telegram", chatId, why);
    return removed;
  }

  webhooks(): Webhook[] {
    this.hooks ??= this.sql
      .exec<{ id: string; url: string; secret: string; created_at: number }>(
        "SELECT id, url, secret, created_at FROM webhooks ORDER BY created_at, id",
      )
      .toArray()
      .map((r) => ({ id: r.id, url: r.url, secret: r.secret, createdAt: r.created_at }));
    return [...this.hooks];
  }

  webhook(id: string): Webhook | null {
    return this.webhooks().find((w) => w.id === id) ?? null;
  }

  addWebhook(w: Webhook): void {
    this.forget();
    this.sql.exec("INSERT INTO webhooks (id, url, secret, created_at) VALUES (?, ?, ?, ?)", w.id, w.url, w.secret, w.createdAt);
  }

  deleteWebhook(id: string): boolean {
    this.forget();
    const removed = this.sql.exec("DELETE FROM webhooks WHERE id = ?", id).rowsWritten > 0;
    if (removed) this.outbox.giveUpTarget("webhook", id, "webhook deleted");
    return removed;
  }
}

export function webhookInfo(w: Webhook): WebhookInfo {
  return { id: w.id, url: w.url, createdAt: new Date(w.createdAt).toISOString() };
}
