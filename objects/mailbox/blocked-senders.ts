// BlockedSenders: the only code touching the `blocked_senders` table: addresses and domains
// whose mail this mailbox refuses. Read once per object life and kept in memory, so the
// check on each delivery reads no row.
import type { BlockedSender } from "../../src/contract/delivery-log";

type Rule = { sender: string; kind: "address" | "domain"; createdAt: number };

export class BlockedSenders {
  private rules: Rule[] | null = null;

  constructor(private readonly sql: SqlStorage) {}

  private all(): Rule[] {
    this.rules ??= this.sql
      .exec<{ sender: string; kind: "address" | "domain"; created_at: number }>(
        "SELECT sender, kind, created_at FROM blocked_senders ORDER BY created_at, sender",
      )
      .toArray()
      .map((r) => ({ sender: r.sender, kind: r.kind, createdAt: r.created_at }));
    return this.rules;
  }

  /** Storage was wiped underneath: drop what is cached. */
  forget(): void {
    this.rules = null;
  }

  list(): BlockedSender[] {
    return this.all().map(blockedSender);
  }

  /** Adds a rule (`sender` already normalised by the router); an existing one is returned as it is. Null when `limit` rules exist. */
  add(sender: string, kind: "address" | "domain", limit: number, now: number): BlockedSender | null {
    const existing = this.all().find((r) => r.sender === sender && r.kind === kind);
    if (existing) return blockedSender(existing);
    if (this.all().length >= limit) return null;
    this.sql.exec("INSERT INTO blocked_senders (sender, kind, created_at) VALUES (?, ?, ?)", sender, kind, now);
    const rule: Rule = { sender, kind, createdAt: now };
    this.all().push(rule);
    return blockedSender(rule);
  }

  remove(sender: string): boolean {
    const gone = this.sql.exec("DELETE FROM blocked_senders WHERE sender = ?", sender).rowsWritten > 0;
    this.forget();
    return gone;
  }

  /**
   * The rule that blocks any of these addresses (the envelope sender and the From header's),
   * or null. An address rule matches that address; a domain rule, the domain and its subdomains.
   */
  match(addresses: (string | null | undefined)[]): BlockedSender | null {
    const rules = this.all();
    if (rules.length === 0) return null;
    for (const raw of addresses) {
      const address = raw?.trim().toLowerCase();
      if (!address) continue;
      const domain = address.slice(address.lastIndexOf("@") + 1);
      for (const r of rules) {
        const hit = r.kind === "address" ? r.sender === address : domain === r.sender || domain.endsWith(`.${r.sender}`);
        if (hit) return blockedSender(r);
      }
    }
    return null;
  }
}

function blockedSender(r: Rule): BlockedSender {
  return { sender: r.sender, kind: r.kind, createdAt: new Date(r.createdAt).toISOString() };
}
