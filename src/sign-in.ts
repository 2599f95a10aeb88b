// Signing in users and the admin: passwords checked under the same throttle as
// address logins (a RateLimiter object per account compares, so parallel
// guesses queue), and the session rows and tokens that follow.

import { issueSessionToken, keyedDigest } from "./auth";
import type { AdminSession, UserSession } from "./contract/accounts";
import { readConfig } from "./contract/config";
import { startSession } from "./directory/sessions";
import { type UserRecord, userInfo } from "./directory/users";
import type { Env } from "./env";
import { ApiError } from "./http/errors";
import { deriveKey } from "./passwords";
import type { AdminPrincipal } from "./principal";

/** Salt for accounts that have no password: the work is done all the same, so timing does not tell. */
const NO_SALT = new Uint8Array(16);

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function throttled(retryAfter: number): ApiError {
  return new ApiError("rate_limited", "Too many wrong passwords; try again later.", { "Retry-After": String(retryAfter) });
}

/** Checks a user's password (any user, or none: all failures look alike); the user it opens, or 401 / 429. */
export async function checkUserPassword(env: Env, username: string, user: UserRecord | null, password: string): Promise<UserRecord> {
  const policy = readConfig(env).login;
  const guard = env.RATE_LIMITER.getByName(`login:user:${username}`);
  const wait = await guard.loginWait(policy);
  if (wait > 0) throw throttled(wait);
  const stored = user?.password ?? null;
  const derived = await deriveKey(password, stored?.salt ?? NO_SALT, stored?.iterations ?? readConfig(env).passwordIterations);
  const outcome = await guard.checkSecret(derived, stored?.hash ?? new Uint8Array(0), policy);
  if (outcome.ok && user && user.disabledAt === null) return user;
  if (!outcome.ok && outcome.reason === "throttled") throw throttled(outcome.retryAfter);
  throw new ApiError("unauthorized", "Wrong username or password.");
}

/** Checks the admin password (ADMIN_PASSWORD), throttled like any login. Throws 401 or 429. */
export async function checkAdminPassword(env: Env, password: string): Promise<void> {
  const policy = readConfig(env).login;
  // The throttle belongs to this admin password: an operator who replaces it starts with a clean slate.
  const guard = env.RATE_LIMITER.getByName(`login:admin:${await keyedDigest(env, env.ADMIN_PASSWORD ?? "")}`);
  const wait = await guard.loginWait(policy);
  if (wait > 0) throw throttled(wait);
  const outcome = await guard.checkSecret(await sha256(password), await sha256(env.ADMIN_PASSWORD ?? ""), policy);
  if (outcome.ok) return;
  if (outcome.reason === "throttled") throw throttled(outcome.retryAfter);
  throw new ApiError("unauthorized", "Wrong password.");
}

/** Starts a user's session and answers with its token. */
export async function userSession(env: Env, req: Request, user: UserRecord, method: "password" | "passkey"): Promise<UserSession> {
  const ttl = readConfig(env).accounts.userSessionTtlSeconds;
  const s = await startSession(env, { kind: "user", userId: user.id, method, agent: req.headers.get("user-agent"), ttlSeconds: ttl });
  const token = await issueSessionToken(env, "user", { sub: user.id, sid: s.id }, s.expiresAt);
  return { token, expiresAt: new Date(s.expiresAt).toISOString(), user: userInfo(user) };
}

/** Starts an admin session: its token, and the principal it makes (for the audit log). */
export async function adminSession(env: Env, req: Request): Promise<{ session: AdminSession; admin: AdminPrincipal }> {
  const ttl = readConfig(env).accounts.adminSessionTtlSeconds;
  const s = await startSession(env, {
    kind: "admin",
    userId: null,
    method: "password",
    agent: req.headers.get("user-agent"),
    ttlSeconds: ttl,
  });
  const token = await issueSessionToken(env, "admin", { sid: s.id }, s.expiresAt);
  return { session: { token, expiresAt: new Date(s.expiresAt).toISOString() }, admin: { kind: "admin", sessionId: s.id, scopes: ["*"] } };
}
