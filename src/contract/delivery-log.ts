// What the owner sees of inbound mail beyond the messages themselves: each
// message's sender authentication, the log of delivery attempts, and the senders
// the owner blocked (docs/deliveries.md). Re-exported by wire.ts.

/**
 * One method's result in the receiving service's Authentication-Results header
 * (RFC 8601): "pass", "fail", "softfail", "neutral", "none", "temperror",
 * "permerror", "policy"…, lower-case; null when that header says nothing of it.
 */
export type AuthResult = string | null;

/** The sender authentication verdict read when the mail arrived; all null for sent mail. */
export interface MessageAuth {
  spf: AuthResult;
  dkim: AuthResult;
  dmarc: AuthResult;
}

export const NO_AUTH: MessageAuth = { spf: null, dkim: null, dmarc: null };

/** What became of one inbound attempt: stored in the inbox, stored in junk, or turned away. */
export type DeliveryOutcome = "accepted" | "junk" | "rejected";

/**
 * Why an attempt was rejected (or junked): a sender the owner blocked, one the
 * deployment blocks, larger than MAX_MESSAGE_BYTES or than the mailbox holds,
 * the mailbox full (reject policy), full of mail too young to evict, or (junk) DMARC failed.
 */
export type DeliveryReason = "blocked_sender" | "blocked_by_deployment" | "too_large" | "mailbox_full" | "young_mail" | "dmarc_fail";

/** How the mail was parsed: by wasm-parser, by the postal-mime fallback, or by neither (stored raw). Null when never parsed. */
export type ParseVerdict = "ok" | "fallback" | "failed";

/** One entry of GET /api/v1/mailboxes/{address}/deliveries. */
export interface DeliveryAttempt {
  /** increasing with each attempt */
  id: number;
  /** ISO 8601 */
  at: string;
  /** the SMTP envelope sender ("" for bounces) */
  envelopeFrom: string;
  /** raw bytes, as declared or as read */
  size: number;
  outcome: DeliveryOutcome;
  reason: DeliveryReason | null;
  /** what the sender was told, or which rule matched; null when accepted */
  detail: string | null;
  /** the stored message's id in this mailbox (accepted or junk), else null */
  messageId: number | null;
  parse: ParseVerdict | null;
}

/** GET /api/v1/mailboxes/{address}/deliveries: newest first. */
export interface DeliveryLog {
  deliveries: DeliveryAttempt[];
  /** how many attempts the mailbox keeps (DELIVERY_LOG_SIZE) */
  keeps: number;
}

/** A blocked sender: one address, or a whole domain (and its subdomains). */
export interface BlockedSender {
  /** "spam@example.com", or "example.com" for a domain */
  sender: string;
  kind: "address" | "domain";
  createdAt: string;
}

/** POST /api/v1/mailboxes/{address}/blocked-senders: an address, or a domain as "example.com", "@example.com" or "*@example.com". */
export interface BlockSenderRequest {
  sender: string;
}

export interface BlockedSenderList {
  blockedSenders: BlockedSender[];
  /** how many this mailbox may hold (BLOCKED_SENDERS_PER_MAILBOX) */
  limit: number;
}
