// MessageStore: the SQL of one mailbox's messages and their blobs.
import type { AttachmentInfo, FoundCode, MailAddress, MessageDetail, MessageSummary } from "../src/wire";
import type { Delivery } from "./delivery";

/** Below the 2 MB SQLite row limit, with room to spare. */
export const CHUNK_BYTES = 1024 * 1024;
export const RAW_PART = -1;

type Row = Record<string, SqlStorageValue>;

const SUMMARY_COLUMNS =
  "id, received_at, from_json, subject, snippet, size, tag, codes_json, attachments_json, parse_error";

function summary(row: Row): MessageSummary {
  return {
    id: row.id as number,
    receivedAt: new Date(row.received_at as number).toISOString(),
    from: JSON.parse((row.from_json as string) ?? "null") as MailAddress | null,
    subject: row.subject as string | null,
    snippet: row.snippet as string,
    size: row.size as number,
    tag: row.tag as string | null,
    codes: JSON.parse(row.codes_json as string) as FoundCode[],
    attachmentCount: (JSON.parse(row.attachments_json as string) as unknown[]).length,
    parseError: row.parse_error as string | null,
  };
}

export class MessageStore {
  /**
   * Running total of stored_bytes, so a delivery does not scan the table
   * (stored_bytes sits after text/html: summing it walks every overflow page).
   * null = unknown; deletes forget it, inserts add to it.
   */
  private used: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** Inserts a message and its blobs; call inside a transaction. */
  insert(d: Delivery, payload: Uint8Array, storedBytes: number): number {
    const cur = this.sql.exec<{ id: number }>(
      `INSERT INTO messages (received_at, envelope_from, envelope_to, tag, message_id, subject, from_json,
        to_json, cc_json, reply_to_json, date, size, snippet, text, html, attachments_json, codes_json,
        parse_error, parser, warnings_json, stored_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      d.receivedAt, d.envelopeFrom, d.envelopeTo, d.tag, d.messageId, d.subject, JSON.stringify(d.from),
      JSON.stringify(d.to), JSON.stringify(d.cc), JSON.stringify(d.replyTo), d.date, d.size, d.snippet,
      d.text, d.html, JSON.stringify(d.attachments), JSON.stringify(d.codes), d.parseError, d.parser,
      JSON.stringify(d.warnings), storedBytes,
    );
    const id = cur.one().id;
    let offset = 0;
    const parts = [{ part: RAW_PART, size: d.size }, ...d.attachments.map((a) => ({ part: a.index, size: a.size }))];
    for (const { part, size } of parts) {
      this.writeBlob(id, part, payload.subarray(offset, offset + size));
      offset += size;
    }
    if (this.used !== null) this.used += storedBytes;
    return id;
  }

  private writeBlob(id: number, part: number, bytes: Uint8Array): void {
    let seq = 0;
    let at = 0;
    do {
      const chunk = bytes.slice(at, at + CHUNK_BYTES);
      this.sql.exec("INSERT INTO blobs (message_id, part, seq, data) VALUES (?, ?, ?, ?)", id, part, seq, chunk.buffer);
      seq++;
      at += CHUNK_BYTES;
    } while (at < bytes.length);
  }

  readBlob(id: number, part: number): Uint8Array | null {
    const rows = this.sql
      .exec<{ data: ArrayBuffer }>("SELECT data FROM blobs WHERE message_id = ? AND part = ? ORDER BY seq", id, part)
      .toArray();
    if (rows.length === 0) return null;
    const total = rows.reduce((n, r) => n + r.data.byteLength, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const r of rows) {
      out.set(new Uint8Array(r.data), at);
      at += r.data.byteLength;
    }
    return out;
  }

  summaries(before: number, limit: number): MessageSummary[] {
    return this.sql
      .exec<Row>(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
      .toArray()
      .map(summary);
  }

  /** Messages with id > since, oldest first: replay for sockets and long-polls. */
  since(since: number, limit = -1): MessageSummary[] {
    return this.sql
      .exec<Row>(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE id > ? ORDER BY id ASC LIMIT ?`, since, limit)
      .toArray()
      .map(summary);
  }

  detail(id: number): MessageDetail | null {
    const row = this.sql.exec<Row>("SELECT * FROM messages WHERE id = ?", id).toArray()[0];
    if (!row) return null;
    return {
      ...summary(row),
      envelope: { from: row.envelope_from as string, to: row.envelope_to as string },
      messageId: row.message_id as string | null,
      to: JSON.parse(row.to_json as string),
      cc: JSON.parse(row.cc_json as string),
      replyTo: JSON.parse(row.reply_to_json as string),
      date: row.date as string | null,
      text: row.text as string | null,
      html: row.html as string | null,
      attachments: JSON.parse(row.attachments_json as string) as AttachmentInfo[],
      parser: row.parser as string | null,
      warnings: JSON.parse(row.warnings_json as string),
    };
  }

  attachmentInfo(id: number, index: number): AttachmentInfo | null {
    const row = this.sql.exec<{ a: string }>("SELECT attachments_json AS a FROM messages WHERE id = ?", id).toArray()[0];
    if (!row) return null;
    return (JSON.parse(row.a) as AttachmentInfo[]).find((a) => a.index === index) ?? null;
  }

  delete(id: number): boolean {
    this.used = null;
    this.sql.exec("DELETE FROM blobs WHERE message_id = ?", id);
    return this.sql.exec("DELETE FROM messages WHERE id = ?", id).rowsWritten > 0;
  }

  clear(): void {
    this.used = null;
    this.sql.exec("DELETE FROM blobs");
    this.sql.exec("DELETE FROM messages");
  }

  /** Oldest first: eviction candidates. */
  oldest(limit: number): { id: number; storedBytes: number; receivedAt: number }[] {
    return this.sql
      .exec<{ id: number; stored_bytes: number; received_at: number }>(
        "SELECT id, stored_bytes, received_at FROM messages ORDER BY id ASC LIMIT ?",
        limit,
      )
      .toArray()
      .map((r) => ({ id: r.id, storedBytes: r.stored_bytes, receivedAt: r.received_at }));
  }

  olderThan(cutoff: number): number[] {
    return this.sql
      .exec<{ id: number }>("SELECT id FROM messages WHERE received_at <= ? ORDER BY id", cutoff)
      .toArray()
      .map((r) => r.id);
  }

  /** Bytes counted against the mailbox cap. */
  storedBytes(): number {
    this.used ??= this.sql.exec<{ b: number }>("SELECT coalesce(sum(stored_bytes), 0) AS b FROM messages").one().b;
    return this.used;
  }

  /** The highest id ever given (the sequence survives deletes). */
  latestId(): number {
    return this.sql.exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'messages'").toArray()[0]?.seq ?? 0;
  }

  /** The tables were dropped underneath (wipe): forget what was cached. */
  forget(): void {
    this.used = null;
  }

  stats(): { count: number; storedBytes: number; latestId: number; oldestAt: number | null } {
    const r = this.sql
      .exec<{ c: number; b: number | null; o: number | null }>(
        "SELECT count(*) AS c, sum(stored_bytes) AS b, min(received_at) AS o FROM messages",
      )
      .one();
    // The sequence survives deletes, so latestId stays monotonic.
    const seq = this.sql
      .exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'messages'")
      .toArray()[0];
    return { count: r.c, storedBytes: r.b ?? 0, latestId: seq?.seq ?? 0, oldestAt: r.o };
  }
}
