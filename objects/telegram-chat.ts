// TelegramChat: one per Telegram chat id. Holds the chat's own list of
// addresses (with the mailbox epoch that lets the bot act for their owner),
// so /list never touches a mailbox, and the last update id it acted on, so a
// webhook retry from Telegram never runs a command twice.
import { DurableObject } from "cloudflare:workers";

export interface ChatAddress {
  address: string;
  /** the mailbox's credential epoch: what a token for it carries */
  epoch: string;
  expiresAt: number;
  boundAt: number;
}

export class TelegramChat extends DurableObject<unknown> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS addresses (
      address TEXT PRIMARY KEY, epoch TEXT NOT NULL, expires_at INTEGER NOT NULL, bound_at INTEGER NOT NULL)`);
    this.sql.exec("CREATE TABLE IF NOT EXISTS updates (id INTEGER NOT NULL)");
  }

  /** True the first time an update id is seen; Telegram re-sends updates it thinks failed. */
  async accept(updateId: number): Promise<boolean> {
    const last = this.sql.exec<{ id: number | null }>("SELECT max(id) AS id FROM updates").one().id;
    if (last !== null && updateId <= last) return false;
    this.sql.exec("DELETE FROM updates");
    this.sql.exec("INSERT INTO updates (id) VALUES (?)", updateId);
    return true;
  }

  /** Adds (or refreshes) an address; false when the chat already holds `limit` others. */
  async add(entry: ChatAddress, limit: number): Promise<boolean> {
    this.prune();
    const exists = this.sql.exec("SELECT 1 FROM addresses WHERE address = ?", entry.address).toArray().length > 0;
    const count = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM addresses").one().n;
    if (!exists && count >= limit) return false;
    this.sql.exec(
      `INSERT INTO addresses (address, epoch, expires_at, bound_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(address) DO UPDATE SET epoch = excluded.epoch, expires_at = excluded.expires_at`,
      entry.address,
      entry.epoch,
      entry.expiresAt,
      entry.boundAt,
    );
    return true;
  }

  /** Live addresses, oldest binding first (expired ones are dropped on the way). */
  async list(): Promise<ChatAddress[]> {
    this.prune();
    return this.sql
      .exec<{ address: string; epoch: string; expires_at: number; bound_at: number }>("SELECT * FROM addresses ORDER BY bound_at, address")
      .toArray()
      .map((r) => ({ address: r.address, epoch: r.epoch, expiresAt: r.expires_at, boundAt: r.bound_at }));
  }

  async get(address: string): Promise<ChatAddress | null> {
    return (await this.list()).find((a) => a.address === address) ?? null;
  }

  /** Drops an address from this chat's list (unbound, deleted, or the chat blocked the bot). */
  async forget(address: string): Promise<void> {
    this.sql.exec("DELETE FROM addresses WHERE address = ?", address);
  }

  private prune(): void {
    this.sql.exec("DELETE FROM addresses WHERE expires_at <= ?", Date.now());
  }
}
