// ForwardRules: destinations every mail arriving here is also forwarded to (the `forwards`
// table). The object only keeps them; `email()` in the Worker forwards (message.forward()).
import type { ForwardRule } from "../../src/contract/wire";

export class ForwardRules {
  /** Read for every delivery and changed rarely: kept until this class writes the table. */
  private rules: ForwardRule[] | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** Storage was wiped underneath, or a write is being made: read the table again next time. */
  forget(): void {
    this.rules = null;
  }

  list(): ForwardRule[] {
    this.rules ??= this.sql
      .exec<{ id: string; destination: string; created_at: number }>(
        "SELECT id, destination, created_at FROM forwards ORDER BY created_at, id",
      )
      .toArray()
      .map((r) => ({ id: r.id, to: r.destination, createdAt: new Date(r.created_at).toISOString() }));
    return [...this.rules];
  }

  destinations(): string[] {
    return this.list().map((r) => r.to);
  }

  /** Adds a destination; an existing one is returned as it is. Null when `limit` rules exist already. */
  add(destination: string, limit: number, now: number): ForwardRule | null {
    const existing = this.list().find((r) => r.to === destination);
    if (existing) return existing;
    if (this.list().length >= limit) return null;
    const id = crypto.randomUUID();
    this.forget();
    this.sql.exec("INSERT INTO forwards (id, destination, created_at) VALUES (?, ?, ?)", id, destination, now);
    return { id, to: destination, createdAt: new Date(now).toISOString() };
  }

  delete(id: string): boolean {
    this.forget();
    return this.sql.exec("DELETE FROM forwards WHERE id = ?", id).rowsWritten > 0;
  }
}
