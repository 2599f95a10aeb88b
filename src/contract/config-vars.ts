// ConfigVars: the deployment's vars and secrets as the runtime hands them over (wrangler.toml [vars], secrets).
import type { AgentVars } from "./config-agents";

/** The vars and secrets as the runtime hands them over: strings, any of them may be unset. */
export interface ConfigVars extends AgentVars {
  DOMAINS: string;
  ADDRESS_TTL_SECONDS?: string;
  MESSAGE_TTL_SECONDS?: string;
  QUARANTINE_SECONDS?: string;
  MAX_MESSAGE_BYTES?: string;
  MAX_SHOWN_BODY_BYTES?: string;
  MAILBOX_MAX_BYTES?: string;
  MAILBOX_FULL_POLICY?: string;
  EVICT_MIN_AGE_SECONDS?: string;
  NAME_MIN_LENGTH?: string;
  NAME_MAX_LENGTH?: string;
  WAIT_MAX_SECONDS?: string;
  SOCKETS_PER_MAILBOX?: string;
  EVENT_STREAMS_PER_MAILBOX?: string;
  WAITS_PER_MAILBOX?: string;
  REPLAY_PAGE_SIZE?: string;
  ADDRESS_CREATE_LIMIT?: string;
  ADDRESS_CREATE_WINDOW_SECONDS?: string;
  PUBLIC_URL?: string;
  PARSER_MAX_DEPTH?: string;
  PARSER_MAX_PARTS?: string;
  PARSER_MAX_HEADER_BYTES?: string;
  PASSWORD_MIN_LENGTH?: string;
  PASSWORD_ITERATIONS?: string;
  LOGIN_SLOW_AFTER?: string;
  LOGIN_LOCK_AFTER?: string;
  LOGIN_LOCK_SECONDS?: string;
  LOGIN_MAX_DELAY_SECONDS?: string;
  MAILTM_KEEPALIVE_SECONDS?: string;
  /** Optional: overrides the generated signing key (a secret, never a var). */
  JWT_SECRET?: string;
  // ---- telegram / webhooks / outbox ----
  /** Secret. Without it the bot is off (POST /telegram/webhook answers 404). */
  TELEGRAM_BOT_TOKEN?: string;
  /** Secret. Telegram sends it back in X-Telegram-Bot-Api-Secret-Token. */
  TELEGRAM_WEBHOOK_SECRET?: string;
  TELEGRAM_API_BASE?: string;
  TELEGRAM_ADDRESSES_PER_CHAT?: string;
  TELEGRAM_CHATS_PER_MAILBOX?: string;
  WEBHOOKS_PER_MAILBOX?: string;
  ALLOW_PRIVATE_WEBHOOKS?: string;
  OUTBOX_MAX_ATTEMPTS?: string;
  OUTBOX_BACKOFF_BASE_MS?: string;
  OUTBOX_BACKOFF_MAX_MS?: string;
  OUTBOX_FETCH_TIMEOUT_MS?: string;
  // ---- sending (docs/sending.md) ----
  /** "binding" (Email Service, the EMAIL binding), "smtp" (SMTP_URL) or "off" */
  SEND_TRANSPORT?: string;
  /** Secret when it holds a password: smtp://user:pass@host:587 or smtps://…:465 */
  SMTP_URL?: string;
  SMTP_TIMEOUT_MS?: string;
  MAX_SEND_BYTES?: string;
  SEND_DAILY_QUOTA?: string;
  SEND_RATE_PER_MINUTE?: string;
  SEND_MAX_RECIPIENTS?: string;
  FORWARDS_PER_MAILBOX?: string;
  // ---- the directory, users, admin, private sites ----
  /** Secret. Turns the admin console and /api/v1/admin on; off when unset. */
  ADMIN_PASSWORD?: string;
  ADMIN_SESSION_TTL_SECONDS?: string;
  /** open | closed (only the admin creates users) | off (no user accounts) */
  USER_REGISTRATION?: string;
  USER_SESSION_TTL_SECONDS?: string;
  USER_ADDRESS_LIMIT?: string;
  /** lifetime of an address a user owns; 0 keeps it until deleted */
  USER_ADDRESS_TTL_SECONDS?: string;
  /** how far past its creation an address credential may extend an address's life */
  ADDRESS_MAX_TTL_SECONDS?: string;
  /** Secret. When set, every /api/v1 route but GET /api/v1/config needs it. */
  SITE_PASSWORD?: string;
  SITE_TOKEN_TTL_SECONDS?: string;
  /** Telegram chat ids (comma-separated) that may /new while the site is private */
  TELEGRAM_ALLOWED_CHATS?: string;
  /** Secret. When set, address creation and registration need a Turnstile token. */
  TURNSTILE_SECRET?: string;
  TURNSTILE_SITE_KEY?: string;
  TURNSTILE_VERIFY_URL?: string;
  BLOCKLIST_REFRESH_SECONDS?: string;
  STATS_FLUSH_SECONDS?: string;
  /** "1" turns on GET /api/bench/floor/{address}, the bench's object floor (never on in a deployment) */
  BENCH_FLOOR_ROUTE?: string;
  // ---- delivery log, blocked senders, sender verdicts (docs/deliveries.md) ----
  DELIVERY_LOG_SIZE?: string;
  BLOCKED_SENDERS_PER_MAILBOX?: string;
  AUTHSERV_ID?: string;
  JUNK_ON_DMARC_FAIL?: string;
}
