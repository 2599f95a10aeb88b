// Wire types: every HTTP body and WebSocket frame of the v1 API. Server, web
// client and SDK all import these; nothing re-declares them.

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "invalid_name"
  | "invalid_domain"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "address_taken"
  | "too_large"
  | "rate_limited"
  | "method_not_allowed"
  | "unavailable"
  | "internal";

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
}

export interface CreateAddressRequest {
  name?: string;
  domain?: string;
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
  messageId: number;
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
// ---- mailtm area: passwords, tokens, and the mail.tm-compatible API (/mailtm) ----

/** An address may be created with a password (interface merging: adds to the type above). */
export interface CreateAddressRequest {
  /** lets the address be reopened later with POST /api/v1/tokens */
  password?: string;
}

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

/** mail.tm JSON-LD members, present unless the client asked for plain `application/json`. */
export interface JsonLd {
  "@context"?: string;
  "@id"?: string;
  "@type"?: string;
}

export interface MailtmDomain extends JsonLd {
  id: string;
  domain: string;
  isActive: boolean;
  isPrivate: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MailtmAccount extends JsonLd {
  id: string;
  address: string;
  quota: number;
  used: number;
  isDisabled: boolean;
  isDeleted: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /mailtm/token */
export interface MailtmToken {
  id: string;
  token: string;
}

export interface MailtmAddress {
  name: string;
  address: string;
}

/** A message in GET /messages and in the live stream. */
export interface MailtmMessageItem extends JsonLd {
  id: string;
  accountId: string;
  msgid: string;
  from: MailtmAddress;
  to: MailtmAddress[];
  subject: string;
  intro: string;
  seen: boolean;
  isDeleted: boolean;
  hasAttachments: boolean;
  size: number;
  downloadUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface MailtmAttachment {
  id: string;
  filename: string;
  contentType: string;
  disposition: string;
  transferEncoding: string;
  related: boolean;
  size: number;
  downloadUrl: string;
}

/** GET /messages/{id}: the full message (no `intro`, as on mail.tm). */
export interface MailtmMessage extends Omit<MailtmMessageItem, "intro"> {
  cc: string[];
  bcc: string[];
  flagged: boolean;
  verifications: string[];
  retention: boolean;
  retentionDate: string;
  text: string;
  html: string[];
  attachments: MailtmAttachment[];
}

/** GET /sources/{id} */
export interface MailtmSource extends JsonLd {
  id: string;
  downloadUrl: string;
  data: string;
}

/** A hydra collection (JSON-LD); with `Accept: application/json` the body is just the member array. */
export interface HydraCollection<T> extends JsonLd {
  "hydra:member": T[];
  "hydra:totalItems": number;
  "hydra:view"?: Record<string, string>;
}

/** mail.tm's error bodies: auth errors (LexikJWT), API Platform errors, and validation violations. */
export type MailtmError =
  | { code: number; message: string }
  | { "@context"?: string; "@type"?: string; "hydra:title"?: string; "hydra:description"?: string; type?: string; title?: string; detail?: string; violations?: { propertyPath: string; message: string }[] };
