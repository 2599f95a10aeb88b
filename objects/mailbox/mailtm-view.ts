// MailtmView: the mailbox's messages as the mail.tm-compatible API needs them, mapped from the MessageStore's rows.
import type { AttachmentInfo, MailAddress } from "../../src/contract/wire";
import type { MessageStore } from "./message-store";
import type { StoredMessage } from "./stored-message";

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

function record(m: StoredMessage): MailtmRecord {
  return {
    id: m.id,
    receivedAt: m.receivedAt,
    updatedAt: m.updatedAt,
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    subject: m.subject,
    snippet: m.snippet,
    seen: m.seen,
    size: m.size,
    attachments: m.attachments,
  };
}

export class MailtmView {
  constructor(private readonly messages: MessageStore) {}

  /** Newest first, `perPage` per page, pages counted from 1. */
  page(page: number, perPage: number): { records: MailtmRecord[]; total: number } {
    return { records: this.messages.newest((page - 1) * perPage, perPage).map(record), total: this.messages.count() };
  }

  one(id: number, full: boolean): MailtmRecord | null {
    const m = this.messages.stored(id);
    if (!m) return null;
    const r = record(m);
    if (full) {
      const body = this.messages.body(id);
      r.full = { cc: m.cc, text: body.text, html: body.html, codes: m.codes.map((c) => c.value) };
    }
    return r;
  }
}
