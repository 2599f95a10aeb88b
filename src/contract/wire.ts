// Wire types: every HTTP body and WebSocket frame of the v1 API. Server, web
// client and SDK all import these; nothing re-declares them.
export type { ErrorBody, ErrorCode } from "./errors";

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

/** What lists and live frames carry. */
export interface MessageSummary {
  id: number;
  receivedAt: string;
  from: MailAddress | null;
  subject: string | null;
  snippet: string;
  size: number;
  tag: string | null;
  codes: FoundCode[];
  attachmentCount: number;
  parseError: string | null;
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
  | { type: "cleared" }
  | { type: "expired" };

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

export type OutboxState = "pending" | "sending" | "sent" | "dead";

export interface OutboxEntry {
  id: number;
  /** the message that caused it; null for effects that belong to no message */
  messageId: number | null;
  target: { kind: "telegram" | "webhook"; id: string };
  state: OutboxState;
  attempts: number;
  /** ISO 8601: not attempted before this */
  nextAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** GET /api/v1/mailboxes/{address}/outbox: newest first. */
export interface OutboxReport {
  counts: Record<OutboxState, number>;
  entries: OutboxEntry[];
}

// ---- passwords and tokens ------------------------------------------------

/** PUT /api/v1/mailboxes/{address}/password (owner credential). */
export interface SetPasswordRequest {
  password: string;
}

/** POST /api/v1/tokens: address + password → a fresh credential, shaped like address creation. */
export interface TokenRequest {
  address: string;
  password: string;
}
export type TokenResponse = CreateAddressResponse;
