// ForwardRules: destinations every mail arriving here is also forwarded to (the `forwards`
// table). The object only keeps them; `email()` in the Worker forwards (message.forward()).
import type { ForwardRule } from "../../src/contract/wire";

export class ForwardRules {
  constructor(private readonly sql: SqlStorage) {}

  list(): ForwardRule[] {
    return this.sql
      .exec<{ id: string; destination: string; created_at: number }>(
        "SELECT id, destination, created_at FROM forwards ORDER BY created_at, id",
      )
      .toArray()
      .map((r) => ({ id: r.id, to: r.destination, createdAt: new Date(r.created_at).toISOString() }));
  }

  destinations(): string[] {
    return this.sql
      .exec<{ destination: string }>("SELECT destination FROM forwards ORDER BY created_at, id")
      .toArray()
      .map((r) => r.destination);
  }

  /** Adds a destination; an existing one is returned as it is. Null when `limit` rules exist already. */
  add(destination: string, limit: number, now: number): ForwardRule | null {
    const existing = this.list().find((r) => r.to === destination);
    if (existing) return existing;
    if (this.list().length >= limit) return null;
    const id = crypto.randomUUID();
    this.sql.exec("INSERT INTO forwards (id, destination, created_at) VALUES (?, ?, ?)", id, destination, now);
    return { id, to: destination, createdAt: new Date(now).toISOString() };
  }

  delete(id: string): boolean {
    return this.sql.exec("DELETE FROM forwards WHERE id = ?", id).rowsWritten > 0;
  }
}
