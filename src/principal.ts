// Who is calling: any bearer token becomes one principal here, in one place,
// and each route states the principal it needs with one of the helpers below.
// The Mailbox itself checks the grant a route derives from it (objects/mailbox/lifetime.ts).
import type { MailboxGrant } from "../objects/mailbox/lifetime";
import { addressParam } from "./address";
import { addressCredential, bearerToken, verifyClaims } from "./auth";
import { readConfig } from "./contract/config";
import { liveSession } from "./directory/sessions";
import type { Env } from "./env";
import { ApiError } from "./http/errors";
import { type OwnedMailbox, ownedMailbox } from "./mailbox-access";

/** What a principal may do. Sessions and address credentials may do everything their kind allows; API keys will narrow it. */
export type Scope = "*";

export type Principal =
  | { kind: "address"; address: string; epoch: string; scopes: readonly Scope[] }
  | { kind: "user"; userId: string; sessionId: string; scopes: readonly Scope[] }
  | { kind: "admin"; sessionId: string; scopes: readonly Scope[] };

export type UserPrincipal = Extract<Principal, { kind: "user" }>;
export type AdminPrincipal = Extract<Principal, { kind: "admin" }>;

const ALL: readonly Scope[] = ["*"];

/** The caller's principal, or 401 when there is no valid credential. `allowQuery`: `?token=` (browsers' WebSockets). */
export async function principalOf(req: Request, env: Env, allowQuery = false): Promise<Principal> {
  const token = bearerToken(req, allowQuery);
  if (!token) throw new ApiError("unauthorized", "Send a credential as 'Authorization: Bearer <token>'.");
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
  if (p.kind === "user") return { userId: p.userId };
  throw new ApiError("forbidden", "The admin opens a mailbox with a credential from POST /api/v1/admin/addresses/{address}/token.");
}

/**
 * The mailbox of `{address}` in the route (or `address`) as the caller may act
 * on it: its own credential, or a user who owns it. 401/403/404 otherwise.
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
