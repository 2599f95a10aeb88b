// Config: the deployment's vars (wrangler.toml [vars] and secrets) read once into typed values.
import { type AgentPolicy, readAgentPolicy } from "./config-agents";
import type { ConfigVars } from "./config-vars";
export interface Config {
  domains: string[];
  addressTtlSeconds: number;
  messageTtlSeconds: number;
  quarantineSeconds: number;
  maxMessageBytes: number;
  /** the most a stored text or HTML body takes as JSON text; the raw message keeps the rest */
  maxShownBodyBytes: number;
  mailboxMaxBytes: number;
  mailboxFullPolicy: "evict" | "reject";
  /** mail younger than this is never evicted to make room (a flood cannot flush the code the owner waits for) */
  evictMinAgeSeconds: number;
  nameMinLength: number;
  nameMaxLength: number;
  waitMaxSeconds: number;
  /** live listeners one mailbox takes at once, of each kind; past one, 429 */
  socketsPerMailbox: number;
  eventStreamsPerMailbox: number;
  waitsPerMailbox: number;
  /** messages a socket's replay sends before it lets other work in */
  replayPageSize: number;
  addressCreateLimit: number;
  addressCreateWindowSeconds: number;
  publicUrl: string;
  /** wasm-parser limits; past one, parsing falls back to postal-mime */
  parser: { maxDepth: number; maxParts: number; maxHeaderBytes: number };
  telegramApiBase: string;
  telegramAddressesPerChat: number;
  telegramChatsPerMailbox: number;
  webhooksPerMailbox: number;
  allowPrivateWebhooks: boolean;
  outboxMaxAttempts: number;
  outboxBackoffBaseMs: number;
  outboxBackoffMaxMs: number;
  outboxFetchTimeoutMs: number;
  passwordMinLength: number;
  passwordIterations: number;
  login: LoginPolicy;
  /** seconds between keep-alive comments on the mail.tm event stream */
  mailtmKeepaliveSeconds: number;
  sending: SendingConfig;
  accounts: AccountPolicy;
  /** private site and bot checks (the secrets themselves stay in the env) */
  gate: GatePolicy;
  /** how stale the per-isolate blocklist may get */
  blocklistRefreshSeconds: number;
  /** at most one statistics write per mailbox per this many seconds */
  statsFlushSeconds: number;
  benchFloorRoute: boolean;
  inbound: InboundConfig;
  /** API keys: how many, and each one's quotas */
  agents: AgentPolicy;
}

/** User accounts, sessions and the lifetimes of addresses they own. */
export interface AccountPolicy {
  registration: "open" | "closed" | "off";
  userSessionTtlSeconds: number;
  adminSessionTtlSeconds: number;
  userAddressLimit: number;
  /** 0: an owned address is kept until deleted */
  userAddressTtlSeconds: number;
  addressMaxTtlSeconds: number;
}

export interface GatePolicy {
  private: boolean;
  siteTokenTtlSeconds: number;
  telegramAllowedChats: string[];
  turnstile: boolean;
  turnstileSiteKey: string | null;
  turnstileVerifyUrl: string;
}

/** What the owner sees and controls of inbound mail (docs/deliveries.md). */
export interface InboundConfig {
  /** attempts each mailbox keeps in its delivery log; 0 keeps none */
  deliveryLogSize: number;
  blockedSendersPerMailbox: number;
  /** the authserv-id of the receiving service's Authentication-Results header, lower-case */
  authservId: string;
  junkOnDmarcFail: boolean;
}

export type SendTransport = "binding" | "smtp" | "off";

/** Outgoing mail: how it leaves, how large it may be, how much an address may send. */
export interface SendingConfig {
  transport: SendTransport;
  smtpUrl: string;
  smtpTimeoutMs: number;
  maxBytes: number;
  /** recipients (transport messages) per address per UTC day, unless the address was granted its own */
  dailyQuota: number;
  /** deployment-wide sends per minute; 0 turns the limit off */
  ratePerMinute: number;
  maxRecipients: number;
  forwardsPerMailbox: number;
}

function transportOf(value: string | undefined): SendTransport {
  return value === "smtp" || value === "off" ? value : "binding";
}

/** Brute-force throttling of password logins, per address (objects/login-throttle.ts). */
export interface LoginPolicy {
  /** failures allowed at full speed; after that each retry must wait 1, 2, 4 … s */
  slowAfter: number;
  /** failures after which the address refuses logins for `lockSeconds` */
  lockAfter: number;
  lockSeconds: number;
  maxDelaySeconds: number;
}

/** A body past this as JSON text would break SQLite's 2 MB per value, row and result in a Durable Object. */
export const SHOWN_BODY_BYTES_MAX = 768 * 1024;

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

const read = new WeakMap<ConfigVars, Config>();

/**
 * The deployment's settings, parsed once per `env` object (an isolate keeps its own for every
 * request; parsing fifty variables on each cost a read request ~20 µs) and frozen, since
 * every caller shares it. What only this one caller should see goes in a copy (`{ ...config }`).
 */
export function readConfig(env: ConfigVars): Config {
  let config = read.get(env);
  if (!config) {
    config = frozen(parseConfig(env));
    read.set(env, config);
  }
  return config;
}

function frozen<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === "object" && v !== null) frozen(v);
  return Object.freeze(o);
}

/** The settings read afresh, a copy of its own for a caller that changes them (a Mailbox's parts, in tests). */
export function parseConfig(env: ConfigVars): Config {
  return {
    domains: (env.DOMAINS ?? "")
      .split(",")
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
    addressTtlSeconds: int(env.ADDRESS_TTL_SECONDS, 86_400),
    messageTtlSeconds: int(env.MESSAGE_TTL_SECONDS, 86_400),
    quarantineSeconds: int(env.QUARANTINE_SECONDS, 259_200),
    maxMessageBytes: int(env.MAX_MESSAGE_BYTES, 25 * 1024 * 1024),
    maxShownBodyBytes: Math.max(1024, Math.min(int(env.MAX_SHOWN_BODY_BYTES, SHOWN_BODY_BYTES_MAX), SHOWN_BODY_BYTES_MAX)),
    mailboxMaxBytes: int(env.MAILBOX_MAX_BYTES, 100 * 1024 * 1024),
    mailboxFullPolicy: env.MAILBOX_FULL_POLICY === "reject" ? "reject" : "evict",
    evictMinAgeSeconds: int(env.EVICT_MIN_AGE_SECONDS, 3600),
    nameMinLength: int(env.NAME_MIN_LENGTH, 3),
    nameMaxLength: Math.min(int(env.NAME_MAX_LENGTH, 64), 64),
    waitMaxSeconds: int(env.WAIT_MAX_SECONDS, 60),
    socketsPerMailbox: int(env.SOCKETS_PER_MAILBOX, 100),
    eventStreamsPerMailbox: int(env.EVENT_STREAMS_PER_MAILBOX, 100),
    waitsPerMailbox: int(env.WAITS_PER_MAILBOX, 100),
    replayPageSize: Math.max(1, int(env.REPLAY_PAGE_SIZE, 100)),
    addressCreateLimit: int(env.ADDRESS_CREATE_LIMIT, 20),
    addressCreateWindowSeconds: Math.max(1, int(env.ADDRESS_CREATE_WINDOW_SECONDS, 60)),
    parser: {
      maxDepth: int(env.PARSER_MAX_DEPTH, 64),
      maxParts: int(env.PARSER_MAX_PARTS, 10_000),
      maxHeaderBytes: int(env.PARSER_MAX_HEADER_BYTES, 2 * 1024 * 1024),
    },
    publicUrl: (env.PUBLIC_URL ?? "http://localhost:8787").replace(/\/+$/, ""),
    telegramApiBase: (env.TELEGRAM_API_BASE || "https://api.telegram.org").replace(/\/+$/, ""),
    telegramAddressesPerChat: int(env.TELEGRAM_ADDRESSES_PER_CHAT, 20),
    telegramChatsPerMailbox: int(env.TELEGRAM_CHATS_PER_MAILBOX, 10),
    webhooksPerMailbox: int(env.WEBHOOKS_PER_MAILBOX, 5),
    allowPrivateWebhooks: env.ALLOW_PRIVATE_WEBHOOKS === "true",
    outboxMaxAttempts: Math.max(1, int(env.OUTBOX_MAX_ATTEMPTS, 20)),
    outboxBackoffBaseMs: int(env.OUTBOX_BACKOFF_BASE_MS, 1_000),
    outboxBackoffMaxMs: int(env.OUTBOX_BACKOFF_MAX_MS, 60_000),
    outboxFetchTimeoutMs: Math.max(1, int(env.OUTBOX_FETCH_TIMEOUT_MS, 10_000)),
    passwordMinLength: Math.max(1, int(env.PASSWORD_MIN_LENGTH, 8)),
    // workerd's PBKDF2 refuses more than 100 000 iterations.
    passwordIterations: Math.min(Math.max(int(env.PASSWORD_ITERATIONS, 100_000), 1_000), 100_000),
    login: {
      slowAfter: Math.max(1, int(env.LOGIN_SLOW_AFTER, 5)),
      lockAfter: Math.max(2, int(env.LOGIN_LOCK_AFTER, 10)),
      lockSeconds: int(env.LOGIN_LOCK_SECONDS, 900),
      maxDelaySeconds: int(env.LOGIN_MAX_DELAY_SECONDS, 60),
    },
    mailtmKeepaliveSeconds: Math.max(1, int(env.MAILTM_KEEPALIVE_SECONDS, 15)),
    sending: {
      transport: transportOf(env.SEND_TRANSPORT),
      smtpUrl: env.SMTP_URL ?? "",
      smtpTimeoutMs: Math.max(1, int(env.SMTP_TIMEOUT_MS, 15_000)),
      maxBytes: Math.max(1024, int(env.MAX_SEND_BYTES, 5 * 1024 * 1024)),
      dailyQuota: int(env.SEND_DAILY_QUOTA, 0),
      ratePerMinute: int(env.SEND_RATE_PER_MINUTE, 60),
      maxRecipients: Math.max(1, int(env.SEND_MAX_RECIPIENTS, 50)),
      forwardsPerMailbox: int(env.FORWARDS_PER_MAILBOX, 3),
    },
    accounts: {
      registration: env.USER_REGISTRATION === "closed" || env.USER_REGISTRATION === "off" ? env.USER_REGISTRATION : "open",
      userSessionTtlSeconds: Math.max(60, int(env.USER_SESSION_TTL_SECONDS, 30 * 86_400)),
      adminSessionTtlSeconds: Math.max(60, int(env.ADMIN_SESSION_TTL_SECONDS, 12 * 3_600)),
      userAddressLimit: int(env.USER_ADDRESS_LIMIT, 20),
      userAddressTtlSeconds: int(env.USER_ADDRESS_TTL_SECONDS, 0),
      addressMaxTtlSeconds: Math.max(int(env.ADDRESS_MAX_TTL_SECONDS, 7 * 86_400), int(env.ADDRESS_TTL_SECONDS, 86_400)),
    },
    gate: {
      private: Boolean(env.SITE_PASSWORD),
      siteTokenTtlSeconds: Math.max(60, int(env.SITE_TOKEN_TTL_SECONDS, 30 * 86_400)),
      telegramAllowedChats: (env.TELEGRAM_ALLOWED_CHATS ?? "")
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
      turnstile: Boolean(env.TURNSTILE_SECRET),
      turnstileSiteKey: env.TURNSTILE_SITE_KEY || null,
      turnstileVerifyUrl: env.TURNSTILE_VERIFY_URL || "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    },
    blocklistRefreshSeconds: Math.max(1, int(env.BLOCKLIST_REFRESH_SECONDS, 30)),
    statsFlushSeconds: int(env.STATS_FLUSH_SECONDS, 300),
    benchFloorRoute: env.BENCH_FLOOR_ROUTE === "1",
    inbound: {
      deliveryLogSize: Math.min(int(env.DELIVERY_LOG_SIZE, 100), 1000),
      blockedSendersPerMailbox: Math.min(int(env.BLOCKED_SENDERS_PER_MAILBOX, 50), 500),
      authservId: (env.AUTHSERV_ID || "mx.cloudflare.net").trim().toLowerCase(),
      junkOnDmarcFail: env.JUNK_ON_DMARC_FAIL === "true",
    },
    agents: readAgentPolicy(env),
  };
}
