// Wire types: every HTTP body and WebSocket frame of the v1 API. Server, web
// client and SDK all import these; nothing re-declares them.
import type { MessageAuth } from "./delivery-log";

export type {
  AuthResult,
  BlockedSender,
  BlockedSenderList,
  BlockSenderRequest,
  DeliveryAttempt,
  DeliveryLog,
  DeliveryOutcome,
  DeliveryReason,
  MessageAuth,
  ParseVerdict,
} from "./delivery-log";
export type { ErrorBody, ErrorCode } from "./errors";
export type {
  CreateForwardRequest,
  ForwardRule,
  ForwardRuleList,
  OutboxEntry,
  OutboxReport,
  OutboxState,
  SendAttachment,
  SendRequest,
  SendResponse,
} from "./outbound";

export interface MailAddress {
  name: string;
  address: string;
}

export interface PublicConfig {
  domains: string[];
  maxMessageBytes: number;
  addressTtlSeconds: number;
  messageTtlSeconds: number;
  nameMinLength: number;
  nameMaxLength: number;
  waitMaxSeconds: number;
  /** how far past its creation an address credential may extend an address's life (PUT …/expiry) */
  addressMaxTtlSeconds: number;
  /** a private site: every other /api/v1 route needs the site password or a site token */
  private: boolean;
  /** user accounts: anyone may sign up (open), only the admin creates them (closed), or none (off) */
  registration: "open" | "closed" | "off";
  /** Turnstile's site key when creation and sign-up need a Turnstile token, else null */
  turnstileSiteKey: string | null;
}

export interface CreateAddressRequest {
  name?: string;
  domain?: string;
  /** lets the address be reopened later with POST /api/v1/tokens */
  password?: string;
  /** needed when the deployment uses Turnstile (PublicConfig.turnstileSiteKey) */
  turnstileToken?: string;
}

/** PUT /api/v1/mailboxes/{address}/expiry */
export interface SetExpiryRequest {
  /** ISO 8601 */
  expiresAt: string;
}

export interface CreateAddressResponse {
  address: string;
  token: string;
  /** ISO 8601 */
  expiresAt: string;
}

export interface MailboxMeta {
  address: string;
  createdAt: string;
  expiresAt: string;
  count: number;
  latestId: number;
  storedBytes: number;
  maxBytes: number;
}

/** A verification code or one-time link found in a message. */
export interface FoundCode {
  kind: "code" | "link";
  value: string;
}

export interface AttachmentInfo {
  index: number;
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  disposition: "attachment" | "inline" | null;
  sha256: string;
}

/** Where a message lives: mail that arrived, mail this address sent, arrived mail that failed DMARC (JUNK_ON_DMARC_FAIL). One id sequence for all. */
export type MessageFolder = "inbox" | "sent" | "junk";

/** A sent message's state: the aggregate of its recipients (queued until all are settled). */
export type SendStatus = "queued" | "sent" | "failed";

/** What lists and live frames carry. */
export interface MessageSummary {
  id: number;
  folder: MessageFolder;
  /** sent mail only; null in the inbox */
  status: SendStatus | null;
  /** why it failed (the transport's answer), or null */
  statusReason: string | null;
  receivedAt: string;
  from: MailAddress | null;
  subject: string | null;
  snippet: string;
  size: number;
  tag: string | null;
  codes: FoundCode[];
  attachmentCount: number;
  parseError: string | null;
  /** the receiving service's SPF, DKIM and DMARC results (docs/deliveries.md) */
  auth: MessageAuth;
  /** read: kept by the mailbox, so the web inbox, the mail.tm API and IMAP agree */
  seen: boolean;
}

/** PATCH /api/v1/mailboxes/{address}/messages/{id} */
export interface MessagePatch {
  seen: boolean;
}

/** One message in full (DESIGN.md §3). */
export interface MessageDetail extends MessageSummary {
  envelope: { from: string; to: string };
  messageId: string | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  date: string | null;
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  parser: string | null;
  warnings: string[];
  /** what the mailbox's forwarding rules did with this mail (inbox only) */
  forwarded: ForwardAttempt[];
}

/** One forward of an arrived mail by a forwarding rule (message.forward() in email()). */
export interface ForwardAttempt {
  to: string;
  ok: boolean;
  /** why it failed, or null */
  error: string | null;
}

export interface MessageList {
  messages: MessageSummary[];
  /** pass as `before` for the next (older) page; null when there is none */
  nextBefore: number | null;
}

export interface WaitResponse {
  messages: MessageSummary[];
}

/** Server → client WebSocket frames. Client → server: the text "ping" (answered "pong"). */
export type ServerFrame =
  | { type: "hello"; address: string; latestId: number }
  | { type: "message"; message: MessageSummary }
  | { type: "deleted"; id: number }
  | { type: "seen"; id: number; seen: boolean }
  | { type: "cleared" }
  | { type: "expired" }
  /** the credential or session this socket was opened with no longer opens the mailbox; 4401 follows */
  | { type: "revoked" }
  | { type: "status"; id: number; status: SendStatus; statusReason: string | null };

/** Close codes of a mailbox's sockets: it expired or was deleted (after an `expired` frame); its credential was revoked or its session ended (4401, as in 401, after a `revoked` frame). */
export const CLOSE_MAILBOX_ENDED = 4000;
export const CLOSE_CREDENTIALS_REVOKED = 4401;

// ---- telegram / webhooks / outbox ---------------------------------------

/** POST /api/v1/mailboxes/{address}/webhooks */
export interface CreateWebhookRequest {
  url: string;
}

/** A registered webhook. The secret is only ever returned at creation. */
export interface WebhookInfo {
  id: string;
  url: string;
  createdAt: string;
}

export interface CreateWebhookResponse extends WebhookInfo {
  /** HMAC-SHA256 key for X-Pigeonhole-Signature; shown once, keep it. */
  secret: string;
}

export interface WebhookList {
  webhooks: WebhookInfo[];
}

/**
 * What each webhook delivery POSTs. Headers: X-Pigeonhole-Event ("message"),
 * X-Pigeonhole-Delivery (outbox row id, stable across retries: dedupe on it),
 * X-Pigeonhole-Timestamp (unix seconds), X-Pigeonhole-Signature
 * ("sha256=" + hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)).
 */
export interface WebhookDelivery {
  event: "message";
  address: string;
  message: MessageSummary;
  /** the message in the web inbox */
  url: string;
}

// ---- passwords and tokens ------------------------------------------------

/** PUT /api/v1/mailboxes/{address}/password (owner credential). */
export interface SetPasswordRequest {
  password: string;
  /** required when the address already has a password */
  currentPassword?: string;
}

/** POST /api/v1/mailboxes/{address}/sessions/revoke ("sign out everywhere"); answered with a TokenResponse. */
export interface RevokeRequest {
  /** required when the address has a password */
  currentPassword?: string;
}

/** POST /api/v1/tokens: address + password → a fresh credential, shaped like address creation. */
export interface TokenRequest {
  address: string;
  password: string;
}
export type TokenResponse = CreateAddressResponse;
