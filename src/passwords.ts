// Passwords: PBKDF2-SHA256 (WebCrypto) derived here in the Worker, where CPU
// scales out; the Mailbox keeps only salt + hash and compares in constant time.
import type { StoredPassword } from "../objects/mailbox/accounts";
import { issueToken } from "./auth";
import { readConfig } from "./contract/config";
import type { Env } from "./env";
import { ApiError } from "./http/errors";

const KEY_BITS = 256;
const MAX_PASSWORD_CHARS = 1024;

export async function deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as Uint8Array<ArrayBuffer>, iterations },
    material,
    KEY_BITS,
  );
  return new Uint8Array(bits);
}

/** Why a password is unacceptable, or null when it is fine. */
export function passwordProblem(password: unknown, env: Env): string | null {
  const min = readConfig(env).passwordMinLength;
  if (typeof password !== "string") return "password must be a string.";
  if (password.length < min) return `password must be at least ${min} characters long.`;
  if (password.length > MAX_PASSWORD_CHARS) return `password must be at most ${MAX_PASSWORD_CHARS} characters long.`;
  return null;
}

/** Validates and hashes a new password (a fresh random salt each time). */
export async function hashPassword(env: Env, password: unknown): Promise<StoredPassword> {
  const problem = passwordProblem(password, env);
  if (problem) throw new ApiError("bad_request", problem);
  const iterations = readConfig(env).passwordIterations;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { algorithm: "pbkdf2-sha256", iterations, salt, hash: await deriveKey(password as string, salt, iterations) };
}

export type LoginResult =
  | { ok: true; address: string; epoch: string; mailboxId: string; token: string; expiresAt: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: number };

/**
 * Exchanges address + password for a fresh credential. Unknown address, no
 * password set and wrong password all look the same to the caller, in time
 * too: each costs one key derivation and two calls, and each is throttled
 * alike (an unknown address by a RateLimiter of its name, since no mailbox
 * keeps its count), so a 429 does not tell that an address exists either.
 */
export async function login(env: Env, address: string, password: string): Promise<LoginResult> {
  const mailbox = env.MAILBOX.getByName(address);
  const params = await mailbox.loginParams();
  if (!params.ok && params.reason === "throttled") return params;
  if (!params.ok && params.reason === "no_mailbox") {
    const config = readConfig(env);
    const outcome = await env.RATE_LIMITER.getByName(`login:address:${address}`).refuse(config.login);
    // The same work a wrong password costs, unless throttled (which skips it for a known address too).
    if (!outcome.ok && outcome.reason === "invalid")
      await deriveKey(password, crypto.getRandomValues(new Uint8Array(16)), config.passwordIterations);
    return outcome.ok ? { ok: false, reason: "invalid" } : outcome;
  }
  // Nothing to compare against: derive from a throwaway salt all the same, so the time says nothing.
  const salt = params.ok ? params.salt : crypto.getRandomValues(new Uint8Array(16));
  const iterations = params.ok ? params.iterations : readConfig(env).passwordIterations;
  const derived = await deriveKey(password, salt, iterations);
  const outcome = await mailbox.login(derived);
  if (!outcome.ok) return outcome;
  const cred = { address, epoch: outcome.epoch, mailboxId: outcome.mailboxId };
  return { ok: true, ...cred, expiresAt: outcome.expiresAt, token: await issueToken(env, cred, outcome.expiresAt) };
}

/**
 * The key derived from `currentPassword` with the address's own salt, for an
 * owner operation that must prove the password (changing it, signing out
 * everywhere); null when none was sent or the address has no password.
 */
export async function currentPasswordKey(env: Env, address: string, currentPassword: unknown): Promise<Uint8Array | null> {
  if (currentPassword === undefined) return null;
  if (typeof currentPassword !== "string") throw new ApiError("bad_request", "currentPassword must be a string.");
  const params = await env.MAILBOX.getByName(address).loginParams();
  if (!params.ok && params.reason === "throttled") {
    throw new ApiError("rate_limited", "Too many wrong passwords for this address; try again later.", {
      "Retry-After": String(params.retryAfter),
    });
  }
  return params.ok ? deriveKey(currentPassword, params.salt, params.iterations) : null;
}
