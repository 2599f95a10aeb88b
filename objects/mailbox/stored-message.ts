// StoredMessage: one row of the `messages` table as the MessageStore reads it,
// and the v1 summary that pushes and replays make from it (lists and details are
// made by SQLite: summary-json.ts).

import { NO_AUTH } from "../../src/contract/delivery-log";
import type {
  AttachmentInfo,
  ForwardAttempt,
  FoundCode,
  MailAddress,
  MessageAuth,
  MessageFolder,
  MessageSummary,
  SendStatus,
} from "../../src/contract/wire";

/** A message as stored, without its bodies and blobs. Times are epoch ms. */
export interface StoredMessage {
  id: number;
  receivedAt: number;
  updatedAt: number;
  envelopeFrom: string;
  envelopeTo: string;
  tag: string | null;
  messageId: string | null;
  subject: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  date: string | null;
  size: number;
  snippet: string;
  attachments: AttachmentInfo[];
  codes: FoundCode[];
  parseError: string | null;
  parser: string | null;
  warnings: string[];
  seen: boolean;
  folder: MessageFolder;
  status: SendStatus | null;
  statusReason: string | null;
  forwarded: ForwardAttempt[];
  auth: MessageAuth;
}

export interface StoredBody {
  text: string | null;
  html: string | null;
}

type Row = Record<string, SqlStorageValue>;

/** The one mapper from a `messages` row. */
export function storedMessage(r: Row): StoredMessage {
  return {
    id: r.id as number,
    receivedAt: r.received_at as number,
    updatedAt: (r.updated_at as number | null) ?? (r.received_at as number),
    envelopeFrom: r.envelope_from as string,
    envelopeTo: r.envelope_to as string,
    tag: r.tag as string | null,
    messageId: r.message_id as string | null,
    subject: r.subject as string | null,
    from: JSON.parse((r.from_json as string) ?? "null"),
    to: JSON.parse(r.to_json as string),
    cc: JSON.parse(r.cc_json as string),
    replyTo: JSON.parse(r.reply_to_json as string),
    date: r.date as string | null,
    size: r.size as number,
    snippet: r.snippet as string,
    attachments: JSON.parse(r.attachments_json as string),
    codes: JSON.parse(r.codes_json as string),
    parseError: r.parse_error as string | null,
    parser: r.parser as string | null,
    warnings: JSON.parse(r.warnings_json as string),
    seen: r.seen === 1,
    folder: (r.folder as MessageFolder | null) ?? "inbox",
    status: (r.status as SendStatus | null) ?? null,
    statusReason: (r.status_reason as string | null) ?? null,
    forwarded: JSON.parse((r.forwards_json as string | null) ?? "[]"),
    auth: r.auth_json ? JSON.parse(r.auth_json as string) : { ...NO_AUTH },
  };
}

export function summaryOf(m: StoredMessage): MessageSummary {
  return {
    id: m.id,
    folder: m.folder,
    status: m.status,
    statusReason: m.statusReason,
    receivedAt: new Date(m.receivedAt).toISOString(),
    from: m.from,
    subject: m.subject,
    snippet: m.snippet,
    size: m.size,
    tag: m.tag,
    codes: m.codes,
    attachmentCount: m.attachments.length,
    parseError: m.parseError,
    seen: m.seen,
    auth: m.auth,
  };
}
