// The v1 wire types of src/wire.ts as JSON Schemas (OpenAPI components).
// `object<T>` ties each to its TypeScript type key by key.
import type {
  AttachmentInfo,
  CreateAddressRequest,
  CreateAddressResponse,
  CreateWebhookRequest,
  CreateWebhookResponse,
  ErrorBody,
  FoundCode,
  MailAddress,
  MailboxMeta,
  MessageDetail,
  MessageList,
  MessageSummary,
  OutboxEntry,
  OutboxReport,
  PublicConfig,
  ServerFrame,
  SetPasswordRequest,
  TokenRequest,
  WaitResponse,
  WebhookInfo,
  WebhookList,
} from "../contract/wire";
import { array, constant, dateTime, integer, type JsonSchema, nullable, object, ref, string } from "./schema";

type Frame<K extends ServerFrame["type"]> = Extract<ServerFrame, { type: K }>;

const ERROR_CODES: ErrorBody["error"]["code"][] = [
  "bad_request",
  "invalid_json",
  "invalid_name",
  "invalid_domain",
  "unauthorized",
  "forbidden",
  "not_found",
  "address_taken",
  "too_large",
  "rate_limited",
  "method_not_allowed",
  "unavailable",
  "internal",
];

const OUTBOX_STATES: OutboxEntry["state"][] = ["pending", "sending", "sent", "dead"];

const summaryProperties = {
  id: integer({ minimum: 1 }),
  receivedAt: dateTime(),
  from: nullable(ref("MailAddress")),
  subject: nullable(string()),
  snippet: string(),
  size: integer({ minimum: 0 }),
  tag: nullable(string()),
  codes: array(ref("FoundCode")),
  attachmentCount: integer({ minimum: 0 }),
  parseError: nullable(string()),
};

export const schemas: Record<string, JsonSchema> = {
  ErrorBody: object<ErrorBody>({
    error: object<ErrorBody["error"]>({ code: { type: "string", enum: ERROR_CODES }, message: string() }),
  }),
  MailAddress: object<MailAddress>({ name: string(), address: string() }),
  PublicConfig: object<PublicConfig>({
    domains: array(string()),
    maxMessageBytes: integer(),
    addressTtlSeconds: integer(),
    messageTtlSeconds: integer(),
    nameMinLength: integer(),
    nameMaxLength: integer(),
    waitMaxSeconds: integer(),
  }),
  CreateAddressRequest: object<CreateAddressRequest>({ name: string(), domain: string(), password: string({ minLength: 1 }) }, [
    "name",
    "domain",
    "password",
  ]),
  CreateAddressResponse: object<CreateAddressResponse>({ address: string({ format: "email" }), token: string(), expiresAt: dateTime() }),
  MailboxMeta: object<MailboxMeta>({
    address: string({ format: "email" }),
    createdAt: dateTime(),
    expiresAt: dateTime(),
    count: integer({ minimum: 0 }),
    latestId: integer({ minimum: 0 }),
    storedBytes: integer({ minimum: 0 }),
    maxBytes: integer({ minimum: 0 }),
  }),
  FoundCode: object<FoundCode>({ kind: { type: "string", enum: ["code", "link"] }, value: string() }),
  AttachmentInfo: object<AttachmentInfo>({
    index: integer({ minimum: 0 }),
    filename: nullable(string()),
    contentType: string(),
    size: integer({ minimum: 0 }),
    contentId: nullable(string()),
    disposition: { type: ["string", "null"], enum: ["attachment", "inline", null] },
    sha256: string(),
  }),
  MessageSummary: object<MessageSummary>(summaryProperties),
  MessageDetail: object<MessageDetail>({
    ...summaryProperties,
    envelope: object<MessageDetail["envelope"]>({ from: string(), to: string() }),
    messageId: nullable(string()),
    to: array(ref("MailAddress")),
    cc: array(ref("MailAddress")),
    replyTo: array(ref("MailAddress")),
    date: nullable(string()),
    text: nullable(string()),
    html: nullable(string()),
    attachments: array(ref("AttachmentInfo")),
    parser: nullable(string()),
    warnings: array(string()),
  }),
  MessageList: object<MessageList>({ messages: array(ref("MessageSummary")), nextBefore: nullable(integer()) }),
  WaitResponse: object<WaitResponse>({ messages: array(ref("MessageSummary")) }),
  ServerFrame: {
    description: 'WebSocket frames, server to client. The client may send the text "ping" (answered "pong").',
    oneOf: [
      object<Frame<"hello">>({ type: constant("hello"), address: string(), latestId: integer() }),
      object<Frame<"message">>({ type: constant("message"), message: ref("MessageSummary") }),
      object<Frame<"deleted">>({ type: constant("deleted"), id: integer() }),
      object<Frame<"cleared">>({ type: constant("cleared") }),
      object<Frame<"expired">>({ type: constant("expired") }),
    ],
  },
  SetPasswordRequest: object<SetPasswordRequest>({ password: string({ minLength: 1 }) }),
  TokenRequest: object<TokenRequest>({ address: string(), password: string() }),
  // ---- telegram / webhooks / outbox
  CreateWebhookRequest: object<CreateWebhookRequest>({ url: string({ format: "uri" }) }),
  WebhookInfo: object<WebhookInfo>({ id: string(), url: string({ format: "uri" }), createdAt: dateTime() }),
  CreateWebhookResponse: object<CreateWebhookResponse>({
    id: string(),
    url: string({ format: "uri" }),
    createdAt: dateTime(),
    secret: string(),
  }),
  WebhookList: object<WebhookList>({ webhooks: array(ref("WebhookInfo")) }),
  OutboxEntry: object<OutboxEntry>({
    id: integer({ minimum: 1 }),
    messageId: nullable(integer({ minimum: 1 })),
    target: object<OutboxEntry["target"]>({ kind: { type: "string", enum: ["telegram", "webhook"] }, id: string() }),
    state: { type: "string", enum: OUTBOX_STATES },
    attempts: integer({ minimum: 0 }),
    nextAt: dateTime(),
    lastError: nullable(string()),
    createdAt: dateTime(),
    sentAt: nullable(dateTime()),
  }),
  OutboxReport: object<OutboxReport>({
    counts: object<OutboxReport["counts"]>({ pending: integer(), sending: integer(), sent: integer(), dead: integer() }),
    entries: array(ref("OutboxEntry")),
  }),
};
