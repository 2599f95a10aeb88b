// CodeHandouts: which messages' codes GET …/codes/next has handed out (the
// `code_handouts` table), so each goes to one caller only.

export class CodeHandouts {
  constructor(private readonly sql: SqlStorage) {}

  /** Ids above `after` whose code was handed out. */
  handedSince(after: number): Set<number> {
    const rows = this.sql.exec<{ id: number }>("SELECT message_id AS id FROM code_handouts WHERE message_id > ?", after).toArray();
    return new Set(rows.map((r) => r.id));
  }

  /** Records a handout; rows below `oldestStored` (messages gone since) are dropped. Call in the turn that chose the message. */
  record(id: number, code: string | null, link: string | null, oldestStored: number, now = Date.now()): void {
    this.sql.exec("INSERT OR IGNORE INTO code_handouts (message_id, code, link, handed_at) VALUES (?, ?, ?, ?)", id, code, link, now);
    this.sql.exec("DELETE FROM code_handouts WHERE message_id < ?", oldestStored);
  }
}
