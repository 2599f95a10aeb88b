// MessageStore: the only code that reads or writes one mailbox's messages, bodies and blobs.
import type { Delivery } from "../../src/contract/delivery";
import type { JsonText } from "../../src/contract/json-text";
import type { AttachmentInfo, ForwardAttempt, MessageDetail, MessageFolder, MessageSummary, SendStatus } from "../../src/contract/wire";
import { FirstPages, type Page, pageOf } from "./first-pages";
import { FolderCounts } from "./folder-counts";
import { INBOX, type Placement } from "./placement";
import { type StoredBody, type StoredMessage, storedMessage, summaryOf } from "./stored-message";
import { DETAIL_JSON, newSummaryJson, SUMMARY_JSON, summaryTail } from "./summary-json";

/** Below the 2 MB SQLite row limit, with room to spare. */
export const CHUNK_BYTES = 1024 * 1024;
export const RAW_PART = -1;
/** How far one delivery can overtake another on its way to the object, for scans that follow arrival. */
const ARRIVAL_SLACK_MS = 60_000;

type Row = Record<string, SqlStorageValue>;

const FOLDERS = new Set<MessageFolder>(["inbox", "sent", "junk"]);

export class MessageStore {
  /** Running total of stored_bytes, so a delivery does not sum the table; null = unknown, re-read when next needed. */
  private used: number | null = null;
  /** Every method that writes `messages` keeps these up to date or drops them. */
  private readonly firstPages = new FirstPages();
  private readonly counts: FolderCounts;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    this.counts = new FolderCounts(sql);
  }

  /** Runs `fn` as one transaction; on failure what is kept in memory is read again, not trusted. */
  transaction<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (err) {
      this.forget();
      throw err;
    }
  }

  /** Storage was wiped underneath (or a transaction rolled back): drop what is kept. */
  forget(): void {
    this.used = null;
    this.counts.drop();
    this.firstPages.drop();
  }

  storedBytes(): number {
    this.used ??= this.sql.exec<{ b: number | null }>("SELECT sum(stored_bytes) AS b FROM messages").one().b ?? 0;
    return this.used;
  }

  /** Inserts a message and its blobs; call inside a transaction. */
  insert(d: Delivery, payload: Uint8Array, storedBytes: number, placement: Placement = INBOX): number {
    const before = this.storedBytes();
    const tail = summaryTail(d, placement.folder);
    const cur = this.sql.exec<{ id: number }>(
      `INSERT INTO messages (received_at, envelope_from, envelope_to, tag, message_id, subject, from_json,
        to_json, cc_json, reply_to_json, date, size, snippet, attachments_json, codes_json,
        parse_error, parser, warnings_json, stored_bytes, folder, status, auth_json, summary_tail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      d.receivedAt,
      d.envelopeFrom,
      d.envelopeTo,
      d.tag,
      d.messageId,
      d.subject,
      JSON.stringify(d.from),
      JSON.stringify(d.to),
      JSON.stringify(d.cc),
      JSON.stringify(d.replyTo),
      d.date,
      d.size,
      d.snippet,
      JSON.stringify(d.attachments),
      JSON.stringify(d.codes),
      d.parseError,
      d.parser,
      JSON.stringify(d.warnings),
      storedBytes,
      placement.folder,
      placement.status,
      placement.folder === "sent" ? null : JSON.stringify(d.auth),
      // the arrival time as text is in the tail; received_iso serves only rows stored before it
      tail,
    );
    const id = cur.one().id;
    this.sql.exec("INSERT INTO bodies (message_id, text, html) VALUES (?, ?, ?)", id, d.text, d.html);
    this.used = before + storedBytes;
    this.counts.added(placement.folder);
    let offset = 0;
    const parts = [{ part: RAW_PART, size: d.size }, ...d.attachments.map((a) => ({ part: a.index, size: a.size }))];
    for (const { part, size } of parts) {
      this.writeBlob(id, part, payload.subarray(offset, offset + size));
      offset += size;
    }
    // The newest page of its folder gains it on top rather than being read again (a failed transaction drops it).
    this.firstPages.arrived(placement.folder, id, () => newSummaryJson(id, placement.folder, placement.status, tail));
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

  /**
   * One folder's page, newest first, ids below `before`: its summaries as JSON text joined by commas,
   * and the id to ask `before` next when older mail is left. The newest page is kept: a new message
   * goes on top of it, a read mark or status is patched in, any other write drops it.
   * (Joining them in SQLite with group_concat was ~35 µs faster but bills every row twice.)
   */
  summaryPage(before: number, limit: number, folder: MessageFolder = "inbox"): Page {
    // Checked values written into the statement: with bound values SQLite prepared it again on
    // every request (a third of a one-message list's time in a profile); with none it does not. The
    // first page, most lists, has no bound value left at all.
    if (!Number.isSafeInteger(limit) || limit < 1 || !FOLDERS.has(folder)) throw new RangeError(`summaryPage: ${folder}, ${limit}`);
    const newest = before > Number.MAX_SAFE_INTEGER - 1;
    const kept = newest ? this.firstPages.get(folder, limit) : undefined;
    if (kept) return kept;
    const where = `folder = '${folder}'${newest ? "" : " AND id < ?"}`;
    // One row more than asked: whether older mail is left.
    const sql = `SELECT id, ${SUMMARY_JSON} AS json FROM messages WHERE ${where} ORDER BY id DESC LIMIT ${limit + 1}`;
    const rows = this.sql.exec<{ id: number; json: string }>(sql, ...(newest ? [] : [before])).toArray();
    const more = rows.length > limit;
    if (more) rows.pop();
    return newest ? this.firstPages.keep(folder, limit, rows, more) : pageOf(rows, more);
  }

  /** Messages of every folder with since < id <= upTo, oldest first: socket replay. */
  since(since: number, limit = -1, upTo = Number.MAX_SAFE_INTEGER): MessageSummary[] {
    return this.select("WHERE id > ? AND id <= ? ORDER BY id ASC LIMIT ?", since, upTo, limit).map(summaryOf);
  }

  /** Arrived mail with id > after, oldest first: what long-polls and code waiters look at. */
  inboxSince(after: number, limit = -1): MessageSummary[] {
    return this.select("WHERE folder = 'inbox' AND id > ? ORDER BY id ASC LIMIT ?", after, limit).map(summaryOf);
  }

  /** Inbox, newest first, skipping `offset` (page-numbered views such as mail.tm's). */
  newest(offset: number, limit: number): StoredMessage[] {
    return this.select("WHERE folder = 'inbox' ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset);
  }

  /** A sent message's status changed; false when it is gone. */
  setStatus(id: number, status: SendStatus, reason: string | null, now = Date.now()): boolean {
    const changed =
      this.sql.exec(
        "UPDATE messages SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND folder = 'sent'",
        status,
        reason,
        now,
        id,
      ).rowsWritten > 0;
    this.summaryChanged(id);
    return changed;
  }

  /** What the forwarding rules did with an arrived mail. */
  setForwarded(id: number, attempts: ForwardAttempt[]): boolean {
    // forwards are in a message's detail, not its summary: no kept page changes
    return this.sql.exec("UPDATE messages SET forwards_json = ? WHERE id = ?", JSON.stringify(attempts), id).rowsWritten > 0;
  }

  stored(id: number): StoredMessage | null {
    return this.select("WHERE id = ?", id)[0] ?? null;
  }

  body(id: number): StoredBody {
    const row = this.sql
      .exec<{ text: string | null; html: string | null }>("SELECT text, html FROM bodies WHERE message_id = ?", id)
      .toArray()[0];
    return { text: row?.text ?? null, html: row?.html ?? null };
  }

  /** Messages in the inbox. */
  count(): number {
    return this.counts.read().inbox;
  }

  setSeen(id: number, seen: boolean, now = Date.now()): boolean {
    const changed = this.sql.exec("UPDATE messages SET seen = ?, updated_at = ? WHERE id = ?", seen ? 1 : 0, now, id).rowsWritten > 0;
    this.summaryChanged(id);
    return changed;
  }

  /**
   * Message `id` changed in place: a kept page showing it takes its row's summary again (one row, and
   * only then), not all 51. No caller rolls these updates back outside `transaction()`, which drops them.
   */
  private summaryChanged(id: number): void {
    if (!this.firstPages.holds(id)) return;
    const row = this.sql.exec<{ json: string }>(`SELECT ${SUMMARY_JSON} AS json FROM messages WHERE id = ?`, id).toArray()[0];
    if (row) this.firstPages.replace(id, row.json);
    else this.firstPages.drop();
  }

  private select(rest: string, ...bindings: SqlStorageValue[]): StoredMessage[] {
    return this.sql
      .exec<Row>(`SELECT * FROM messages ${rest}`, ...bindings)
      .toArray()
      .map(storedMessage);
  }

  /** A message with its bodies, as the JSON text of its detail (summary-json.ts); null when it is gone. */
  detail(id: number): JsonText<MessageDetail> | null {
    const row = this.sql.exec<{ json: string }>(`SELECT ${DETAIL_JSON} AS json FROM messages WHERE id = ?`, id).toArray()[0];
    return row ? (row.json as JsonText<MessageDetail>) : null;
  }

  attachmentInfo(id: number, index: number): AttachmentInfo | null {
    const row = this.sql.exec<{ a: string }>("SELECT attachments_json AS a FROM messages WHERE id = ?", id).toArray()[0];
    if (!row) return null;
    return (JSON.parse(row.a) as AttachmentInfo[]).find((a) => a.index === index) ?? null;
  }

  delete(id: number): boolean {
    this.firstPages.drop();
    this.sql.exec("DELETE FROM blobs WHERE message_id = ?", id);
    this.sql.exec("DELETE FROM bodies WHERE message_id = ?", id);
    const gone = this.sql
      .exec<{ b: number; f: string }>("DELETE FROM messages WHERE id = ? RETURNING stored_bytes AS b, folder AS f", id)
      .toArray();
    if (gone.length === 0) return false;
    if (this.used !== null) this.used -= gone[0].b;
    this.counts.removed(gone[0].f as MessageFolder);
    return true;
  }

  clear(): void {
    this.firstPages.drop();
    this.sql.exec("DELETE FROM blobs");
    this.sql.exec("DELETE FROM bodies");
    this.sql.exec("DELETE FROM messages");
    this.used = 0;
    this.counts.emptied();
  }

  /** Oldest first, read lazily: eviction stops reading once there is room. */
  *oldest(): Generator<{ id: number; storedBytes: number; receivedAt: number }> {
    const cursor = this.sql.exec<{ id: number; stored_bytes: number; received_at: number }>(
      "SELECT id, stored_bytes, received_at FROM messages ORDER BY id ASC",
    );
    for (const r of cursor) yield { id: r.id, storedBytes: r.stored_bytes, receivedAt: r.received_at };
  }

  /**
   * Messages received at or before `cutoff`, read oldest first and only as far as needed: ids follow
   * arrival, so the scan stops a slack past the cutoff instead of reading the whole table on every
   * alarm. (A delivery's time is taken in the Worker before it reaches the object, so one mail can
   * overtake another by the time a delivery is in flight; the slack covers that.)
   */
  olderThan(cutoff: number): number[] {
    const ids: number[] = [];
    for (const m of this.oldest()) {
      if (m.receivedAt > cutoff + ARRIVAL_SLACK_MS) break;
      if (m.receivedAt <= cutoff) ids.push(m.id);
    }
    return ids;
  }

  /** When the oldest message arrived (the lowest id: one row), or null when there is none; what the TTL alarm is set by. */
  oldestAt(): number | null {
    return this.sql.exec<{ t: number }>("SELECT received_at AS t FROM messages ORDER BY id LIMIT 1").toArray()[0]?.t ?? null;
  }

  /** The highest id ever given (the sequence survives deletes). */
  latestId(): number {
    return this.sql.exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'messages'").toArray()[0]?.seq ?? 0;
  }

  stats(): { count: number; storedBytes: number; latestId: number } {
    return { count: this.counts.total(), storedBytes: this.storedBytes(), latestId: this.latestId() };
  }
}
