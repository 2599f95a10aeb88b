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
