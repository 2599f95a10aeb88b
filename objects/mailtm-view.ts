// MailtmView: the reads and the `seen` write the mail.tm-compatible API needs
// (pages with a total, recipients, Message-ID, seen/updated), over the same
// messages table. The Worker turns these records into mail.tm's JSON.
import type { AttachmentInfo, MailAddress } from "../src/wire";

/** One message as the mail.tm API needs it; `full` fields only for single reads. */
export interface MailtmRecord {
  id: number;
  receivedAt: number;
  updatedAt: number;
  messageId: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  subject: string | null;
  snippet: string;
  seen: boolean;
  size: number;
  attachments: AttachmentInfo[];
  full?: { cc: MailAddress[]; text: string | null; html: string | null; codes: string[] };
}

type Row = Record<string, SqlStorageValue>;

const LIST_COLUMNS =
  "id, received_at, updated_at, message_id, from_json, to_json, subject, snippet, seen, size, attachments_json";

function record(row: Row): MailtmRecord {
  return {
    id: row.id as number,
    receivedAt: row.received_at as number,
    updatedAt: (row.updated_at as number | null) ?? (row.received_at as number),
    messageId: row.message_id as string | null,
    from: JSON.parse((row.from_json as string) ?? "null"),
    to: JSON.parse(row.to_json as string),
    subject: row.subject as string | null,
    snippet: row.snippet as string,
    seen: row.seen === 1,
    size: row.size as number,
    attachments: JSON.parse(row.attachments_json as string),
  };
}

export class MailtmView {
  constructor(private readonly sql: SqlStorage) {}

  /** Newest first, `perPage` per page, pages counted from 1. */
  page(page: number, perPage: number): { records: MailtmRecord[]; total: number } {
    const total = this.sql.exec<{ c: number }>("SELECT count(*) AS c FROM messages").one().c;
    const records = this.sql
      .exec<Row>(`SELECT ${LIST_COLUMNS} FROM messages ORDER BY id DESC LIMIT ? OFFSET ?`, perPage, (page - 1) * perPage)
      .toArray()
      .map(record);
    return { records, total };
  }

  one(id: number, full: boolean): MailtmRecord | null {
    const row = full
      ? this.sql
          .exec<Row>(
            `SELECT ${LIST_COLUMNS}, cc_json, codes_json, b.text, b.html FROM messages
             LEFT JOIN (SELECT message_id AS body_of, text, html FROM bodies) b ON b.body_of = messages.id
             WHERE id = ?`,
            id,
          )
          .toArray()[0]
      : this.sql.exec<Row>(`SELECT ${LIST_COLUMNS} FROM messages WHERE id = ?`, id).toArray()[0];
    if (!row) return null;
    const r = record(row);
    if (full) {
      const codes = JSON.parse(row.codes_json as string) as { value: string }[];
      r.full = {
        cc: JSON.parse(row.cc_json as string),
        text: row.text as string | null,
        html: row.html as string | null,
        codes: codes.map((c) => c.value),
      };
    }
    return r;
  }

  setSeen(id: number, seen: boolean, now = Date.now()): boolean {
    return this.sql.exec("UPDATE messages SET seen = ?, updated_at = ? WHERE id = ?", seen ? 1 : 0, now, id).rowsWritten > 0;
  }
}
