// Who is calling: any bearer token becomes one principal here, in one place,
// and each route states the principal it needs with one of the helpers below
// (an API key's scopes are checked against the route here too: src/api-keys/scopes.ts).
// The Mailbox itself checks the grant a route derives from it (objects/mailbox/lifetime.ts).
import { waitUntil } from "cloudflare:workers";
import type { MailboxGrant } from "../objects/mailbox/lifetime";
import { addressParam } from "./address";
import { spendRequest } from "./api-keys/quota";
import { requireRouteScope } from "./api-keys/scopes";
import { checksumHolds, isKeyShaped, keyHash } from "./api-keys/secret";
import { addressCredential, bearerToken, verifyClaims } from "./auth";
import type { ApiKeyScope } from "./contract/agents";
import { readConfig } from "./contract/config";
import { liveKey, noteKeyUse } from "./directory/api-keys";
import { liveSession } from "./directory/sessions";
import type { Env } from "./env";
import { ApiError } from "./http/errors";
import { type OwnedMailbox, ownedMailbox } from "./mailbox-access";

/** What a principal may do: sessions and address credentials everything their kind allows ("*"); API keys what their scopes say. */
export type Scope = "*" | ApiKeyScope;

export type Principal =
  | { kind: "address"; address: string; epoch: string; scopes: readonly Scope[] }
  | { kind: "user"; userId: string; sessionId: string; scopes: readonly Scope[] }
  | { kind: "admin"; sessionId: string; scopes: readonly Scope[] }
  /** `userId` null: a deployment key (the admin's), whose addresses belong to nobody */
  | { kind: "apikey"; keyId: string; userId: string | null; scopes: readonly ApiKeyScope[] };

export type UserPrincipal = Extract<Principal, { kind: "user" }>;
export type AdminPrincipal = Extract<Principal, { kind: "admin" }>;
export type KeyPrincipal = Extract<Principal, { kind: "apikey" }>;

const ALL: readonly Scope[] = ["*"];

/** One resolution per request: the site gate and the route both ask, and a key's request is counted once. */
const resolved = new WeakMap<Request, Promise<Principal>>();

/**
 * The caller's principal, or 401 when there is no valid credential; an API key
 * is refused (403) on a route its scopes do not open. `allowQuery`: `?token=` (browsers' WebSockets).
 */
export async function principalOf(req: Request, env: Env, allowQuery = false): Promise<Principal> {
  const p = await resolvePrincipal(req, env, allowQuery);
  if (p.kind === "apikey") requireRouteScope(req.method, (req as Request & { route?: string }).route, p.scopes);
  return p;
}

/** Whether the request carries an API key; a wrong one is 401. A key passes the site password and Turnstile by design. */
export async function presentsApiKey(req: Request, env: Env): Promise<boolean> {
  const token = bearerToken(req);
  if (!token || !isKeyShaped(token)) return false;
  await resolvePrincipal(req, env, false);
  return true;
}

/** The principal without a route's scope check: for /mcp, whose tools check their own (TOOL_SCOPES). */
export function callerOf(req: Request, env: Env): Promise<Principal> {
  return resolvePrincipal(req, env, false);
}

function resolvePrincipal(req: Request, env: Env, allowQuery: boolean): Promise<Principal> {
  let p = resolved.get(req);
  if (!p) {
    p = resolve(req, env, allowQuery);
    resolved.set(req, p);
  }
  return p;
}

async function resolve(req: Request, env: Env, allowQuery: boolean): Promise<Principal> {
  const token = bearerToken(req, allowQuery);
  if (!token) throw new ApiError("unauthorized", "Send a credential as 'Authorization: Bearer <token>'.");
  if (isKeyShaped(token)) return keyPrincipal(env, token);
  const claims = await verifyClaims(env, token);
  if (claims.knd === undefined) {
    const cred = addressCredential(claims);
    return { kind: "address", address: cred.address, epoch: cred.epoch, scopes: ALL };
  }
  if ((claims.knd === "user" || claims.knd === "admin") && typeof claims.sid === "string") {
    const session = await liveSession(env, claims.sid);
    if (session?.kind === "user" && claims.knd === "user" && session.userId === claims.sub) {
      return { kind: "user", userId: session.userId, sessionId: session.id, scopes: ALL };
    }
    // An admin session dies with the admin password being unset.
    if (session?.kind === "admin" && claims.knd === "admin" && env.ADMIN_PASSWORD) {
      return { kind: "admin", sessionId: session.id, scopes: ALL };
    }
    throw new ApiError("unauthorized", "This session has ended; sign in again.");
  }
  throw new ApiError("unauthorized", "This kind of token opens nothing here.");
}

/** A live key (not revoked, not expired, its user enabled), its use noted and its request counted against its quota. */
async function keyPrincipal(env: Env, key: string): Promise<KeyPrincipal> {
  const row = checksumHolds(key) ? await liveKey(env, await keyHash(key)) : null;
  if (!row) throw new ApiError("unauthorized", "This API key is not valid (mistyped, revoked, expired, or its account is disabled).");
  // After the answer, off the request's path: "last used" is a hint, not worth a request's latency or failure.
  waitUntil(noteKeyUse(env, row).catch((err) => console.error("api key last use not recorded", err)));
  await spendRequest(env, row.id);
  return { kind: "apikey", keyId: row.id, userId: row.userId, scopes: row.scopes };
}

/** A signed-in user: 401 without a session, 403 with another kind of credential. */
export async function requireUser(req: Request, env: Env): Promise<UserPrincipal> {
  const p = await principalOf(req, env);
  if (p.kind !== "user") throw new ApiError("forbidden", "This route needs a user's session.");
  return p;
}

/** The admin: 404 while ADMIN_PASSWORD is unset, 401 without a session, 403 with another kind of credential. */
export async function requireAdmin(req: Request, env: Env): Promise<AdminPrincipal> {
  if (!env.ADMIN_PASSWORD) throw new ApiError("not_found", "The admin console is off on this deployment.");
  const p = await principalOf(req, env);
  if (p.kind !== "admin") throw new ApiError("forbidden", "This route needs the admin's session.");
  return p;
}

/** The grant a principal has on `address`; the admin opens mailboxes only through its own, audited routes. */
export function grantFor(p: Principal, address: string): MailboxGrant {
  if (p.kind === "address") {
    if (p.address !== address) throw new ApiError("forbidden", "This credential belongs to another address.");
    return { epoch: p.epoch };
  }
  if (p.kind === "user") return { userId: p.userId, sessionId: p.sessionId };
  if (p.kind === "apikey") return { keyId: p.keyId, userId: p.userId };
  throw new ApiError("forbidden", "The admin opens a mailbox with a credential from POST /api/v1/admin/addresses/{address}/token.");
}

/**
 * The mailbox of `{address}` in the route (or `address`) as the caller may act
 * on it: its own credential, a user who owns it, or the API key that created it. 401/403/404 otherwise.
 */
export async function mailboxFor(
  req: Request & { params: Record<string, string> },
  env: Env,
  opts: { address?: string; allowQuery?: boolean } = {},
): Promise<OwnedMailbox> {
  const address = opts.address ?? addressParam(req.params.address, readConfig(env));
  const p = await principalOf(req, env, opts.allowQuery);
  return ownedMailbox(env, address, grantFor(p, address));
}
