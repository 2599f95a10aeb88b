// Wire types of what leaves a mailbox: the outbox report, sending and forwarding (docs/sending.md, docs/outbox.md).

export type OutboxState = "pending" | "sending" | "sent" | "dead";

export interface OutboxEntry {
  id: number;
  /** the message that caused it; null for effects that belong to no message */
  messageId: number | null;
  target: { kind: "telegram" | "webhook" | "mail"; id: string };
  state: OutboxState;
  attempts: number;
  /** ISO 8601: not attempted before this */
  nextAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** what the target reported on success (a sent mail's Message-ID), or null */
  receipt: string | null;
}

/** GET /api/v1/mailboxes/{address}/outbox: newest first. */
export interface OutboxReport {
  counts: Record<OutboxState, number>;
  entries: OutboxEntry[];
}

export interface SendAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

/** POST /api/v1/mailboxes/{address}/send: at least one recipient; text and/or html (a forward may have neither). */
export interface SendRequest {
  to: string[];
  cc?: string[];
  /** never written into the message's headers */
  bcc?: string[];
  subject?: string;
  text?: string;
  html?: string;
  attachments?: SendAttachment[];
  fromName?: string;
  /** id of a message in this mailbox to answer (threading headers, quoted original) */
  replyTo?: number;
  /** id of a message in this mailbox to pass on */
  forward?: number;
  /** how a forward carries the original: as a message/rfc822 attachment (default, byte-identical) or quoted inline */
  forwardAs?: "attachment" | "inline";
}

/** 202 from the send routes: stored in the sent folder, queued for the transport. */
export interface SendResponse {
  id: number;
  /** the Message-ID header of what was stored and is sent */
  messageId: string;
  status: "queued";
}

/** POST /api/v1/mailboxes/{address}/forwards */
export interface CreateForwardRequest {
  to: string;
}

export interface ForwardRule {
  id: string;
  to: string;
  createdAt: string;
}

export interface ForwardRuleList {
  forwards: ForwardRule[];
}
