// Wire types of user accounts, passkeys, the private-site gate and the admin
// API (/api/v1/users, /api/v1/site, /api/v1/admin). Server, web client and SDK import these.

// ---- users ----------------------------------------------------------------

export interface UserInfo {
  id: string;
  username: string;
  /** ISO 8601 */
  createdAt: string;
  disabled: boolean;
  hasPassword: boolean;
  passkeys: number;
}

/** POST /api/v1/users */
export interface RegisterRequest {
  username: string;
  password: string;
  /** needed when the deployment uses Turnstile (GET /api/v1/config says so) */
  turnstileToken?: string;
}

/** POST /api/v1/users/session */
export interface SignInRequest {
  username: string;
  password: string;
}

/** What signing up or in answers: a session token for `Authorization: Bearer`. */
export interface UserSession {
  token: string;
  expiresAt: string;
  user: UserInfo;
}

/** PUT /api/v1/users/me/password: the current password is needed when the account has one. */
export interface ChangePasswordRequest {
  currentPassword?: string;
  password: string;
}

/** DELETE /api/v1/users/me: the account's addresses are deleted with it, or released to live out their time. */
export interface DeleteAccountRequest {
  password?: string;
  addresses: "delete" | "release";
}

export interface SessionInfo {
  id: string;
  method: "password" | "passkey";
  agent: string | null;
  createdAt: string;
  expiresAt: string;
  /** the session this request came with */
  current: boolean;
}

export interface SessionList {
  sessions: SessionInfo[];
}

export interface OwnedAddress {
  address: string;
  createdAt: string;
  expiresAt: string;
}

export interface OwnedAddressList {
  addresses: OwnedAddress[];
  limit: number;
}

/** POST /api/v1/users/me/addresses */
export interface CreateOwnedAddressRequest {
  name?: string;
  domain?: string;
}

/** POST /api/v1/users/me/addresses/bind: adopt an address by its own credential. */
export interface BindAddressRequest {
  token: string;
}

// ---- passkeys ---------------------------------------------------------------

export interface PasskeyInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PasskeyList {
  passkeys: PasskeyInfo[];
}

/** A WebAuthn ceremony's options (PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON) and the challenge's id to answer with. */
export interface PasskeyChallenge {
  challengeId: string;
  options: Record<string, unknown>;
}

/** POST /api/v1/users/passkey/options: sign up with a passkey. */
export interface PasskeySignUpOptionsRequest {
  username: string;
}

/** Answering a challenge: `response` is the browser's credential as JSON (RegistrationResponseJSON or AuthenticationResponseJSON). */
export interface PasskeyAnswer {
  challengeId: string;
  response: Record<string, unknown>;
  /** sign-up only, when the deployment uses Turnstile */
  turnstileToken?: string;
  /** adding a passkey only: a label to recognise it by */
  name?: string;
}

// ---- private site -------------------------------------------------------------

/** POST /api/v1/site/session */
export interface SitePasswordRequest {
  password: string;
}

/** A site token: send it as `x-site-token` (WebSockets: `?site=`) instead of the password. */
export interface SiteSession {
  token: string;
  expiresAt: string;
}

// ---- admin ------------------------------------------------------------------

/** POST /api/v1/admin/session */
export interface AdminSignInRequest {
  password: string;
}

export interface AdminSession {
  token: string;
  expiresAt: string;
}

export interface DirectoryAddress {
  address: string;
  createdAt: string;
  expiresAt: string;
  state: "active" | "deleted" | "expired";
  /** the owning user's id, or null */
  owner: string | null;
}

export interface DirectoryAddressList {
  addresses: DirectoryAddress[];
  /** pass as `before` for the next (older) page; null when there is none */
  nextBefore: number | null;
}

/** PUT /api/v1/admin/addresses/{address}/send-quota */
/** An address's own daily send quota; null returns it to the deployment's SEND_DAILY_QUOTA. */
export interface SendQuota {
  daily: number | null;
}

/** GET / PUT /api/v1/admin/blocklist. Senders: `x@y.z`, `*@spam.test`, `*` anywhere; names: local parts, `*` allowed. */
export interface Blocklist {
  senders: string[];
  names: string[];
}

export interface AdminStats {
  activeAddresses: number;
  users: number;
  receivedToday: number;
  receivedTotal: number;
  sentToday: number;
  /** how late the mail counts may be (STATS_FLUSH_SECONDS) */
  countsDelaySeconds: number;
}

export interface UserList {
  users: UserInfo[];
  nextBefore: number | null;
}

/** POST /api/v1/admin/users */
export interface CreateUserRequest {
  username: string;
  password: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  /** "admin:<session id>" */
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AuditList {
  entries: AuditEntry[];
  nextBefore: number | null;
}
