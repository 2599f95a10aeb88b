// Delivery: what the router Worker hands a Mailbox for one inbound message.
// Parsing already happened in the Worker; the object only stores and pushes.
import type { DeliveryReason, MessageAuth } from "./delivery-log";
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
  /** the receiving service's verdict on the sender (all null for sent mail) */
  auth: MessageAuth;
  /** why the mail goes to the junk folder instead of the inbox, or null */
  junk: Extract<DeliveryReason, "dmarc_fail"> | null;
}

/** An attempt the Worker turned away before the Mailbox saw the mail, for the mailbox's delivery log. */
export interface TurnedAway {
  envelopeFrom: string;
  size: number;
  reason: DeliveryReason;
  /** what the sender was told */
  detail: string;
}

/** Bytes of raw + each attachment, in that order, as one buffer or (when large) a stream. */
export type DeliveryPayload = Uint8Array | ReadableStream<Uint8Array>;

/** Why a live mailbox refuses a mail; `message` is what the sender is told. */
export interface Refusal {
  ok: false;
  reason: Extract<DeliveryReason, "blocked_sender" | "mailbox_full" | "young_mail" | "too_large">;
  message: string;
}

export type DeliveryResult =
  /** `forwardTo`: the mailbox's forwarding rules, which only `email()` can carry out (message.forward()) */
  { ok: true; id: number; evicted: number[]; forwardTo: string[] } | Refusal | { ok: false; reason: "unknown_address"; message: string };
