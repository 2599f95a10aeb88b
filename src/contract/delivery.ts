// Delivery: what the router Worker hands a Mailbox for one inbound message.
// Parsing already happened in the Worker; the object only stores and pushes.
import type { AttachmentInfo, FoundCode, MailAddress } from "./wire";

export interface Delivery {
  envelopeFrom: string;
  envelopeTo: string;
  tag: string | null;
  receivedAt: number;
  /** raw size in bytes */
  size: number;
  messageId: string | null;
  subject: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  date: string | null;
  snippet: string;
  text: string | null;
  html: string | null;
  /** metadata; the bytes travel in the payload after the raw message */
  attachments: AttachmentInfo[];
  codes: FoundCode[];
  parseError: string | null;
  parser: string | null;
  warnings: string[];
}

/** Bytes of raw + each attachment, in that order, as one buffer or (when large) a stream. */
export type DeliveryPayload = Uint8Array | ReadableStream<Uint8Array>;

export type DeliveryResult =
  /** `forwardTo`: the mailbox's forwarding rules, which only `email()` can carry out (message.forward()) */
  | { ok: true; id: number; evicted: number[]; forwardTo: string[] }
  | { ok: false; reason: "unknown_address" | "mailbox_full" | "too_large"; message: string };
