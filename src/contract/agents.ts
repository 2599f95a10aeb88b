// Wire types for scripts and agents: API keys (/api/v1/keys) and fresh codes
// (GET /api/v1/mailboxes/{address}/codes/next). Server, web client and SDK import these.

/** What a key may do: create addresses, read the addresses it created, send from them. */
export type ApiKeyScope = "addresses:create" | "addresses:read" | "send";

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ["addresses:create", "addresses:read", "send"];

/** POST /api/v1/keys: every scope when `scopes` is absent or empty. */
export interface CreateApiKeyRequest {
  name: string;
  scopes?: ApiKeyScope[];
  /** ISO 8601; absent or null: until revoked */
  expiresAt?: string | null;
}

/** The one answer that carries the secret: it is never shown again. */
export interface CreatedApiKey {
  id: string;
  key: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  /** the key's last four characters, to tell keys apart */
  hint: string;
  scopes: ApiKeyScope[];
  /** false for a deployment key (the admin's) */
  user: boolean;
  createdAt: string;
  expiresAt: string | null;
  /** when the key last authenticated, to the minute (writes are at most once a minute); null: never */
  lastUsedAt: string | null;
}

export interface ApiKeyList {
  keys: ApiKeyInfo[];
  /** how many keys one account may hold */
  limit: number;
}

/** One quota of a key: `remaining` of `limit` in the window that ends `resetSeconds` from now. */
export interface KeyQuota {
  limit: number;
  remaining: number;
  windowSeconds: number;
  resetSeconds: number;
}

/** GET /api/v1/keys/me: the key that asks, and what it has left. */
export interface ApiKeyStatus {
  key: ApiKeyInfo;
  creations: KeyQuota;
  requests: KeyQuota;
}

/** POST /api/v1/addresses with an API key: the key opens the address itself, so no address credential is handed out. */
export interface KeyCreatedAddress {
  address: string;
  /** ISO 8601 */
  expiresAt: string;
  /** the key that created it (and may open it) */
  keyId: string;
}

/** GET /api/v1/mailboxes/{address}/codes/next: a code or link from the first fresh matching message. */
export interface NextCode {
  /** the message's id in the mailbox: pass it as `after` to wait for the next one */
  id: number;
  /** its RFC 5322 Message-ID */
  messageId: string | null;
  /** the first code in the message, or null when it carries only a link */
  code: string | null;
  /** the first one-time link, or null */
  link: string | null;
  receivedAt: string;
}
