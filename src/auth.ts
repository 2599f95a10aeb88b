// Credentials are JWTs (HS256, jose). An address credential carries `sub` (the
// address), `mbx` (the mailbox's credential epoch: minted when the mailbox is
// created and replaced when all its credentials are revoked, so a token dies with
// its mailbox or its generation) and `mid` (the mailbox's identity, which ids shown
// to clients derive from). Sessions (user, admin, site) say their kind in `knd`.
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Env } from "./env";
import { ApiError } from "./http/errors";

export interface Credential {
  address: string;
  epoch: string;
  /** the mailbox's identity; a token from before it existed carries none, and its epoch stood for it */
  mailboxId: string;
}

/** The kinds of token that are not address credentials. */
export type SessionKind = "user" | "admin" | "site";

/** The imported HMAC key, kept per isolate: importing it on every request costs more than the check. */
let cachedKey: { source: string; key: CryptoKey } | null = null;

async function signingKey(env: Env): Promise<CryptoKey> {
  const source = env.JWT_SECRET ? `secret:${env.JWT_SECRET}` : "keyring";
  if (cachedKey?.source === source) return cachedKey.key;
  const material = env.JWT_SECRET ?? (await env.KEYRING.getByName("jwt").signingKey());
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(material), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  cachedKey = { source, key };
  return key;
}

async function sign(env: Env, claims: Record<string, string>, subject: string | null, expiresAt: number): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt();
  if (subject !== null) jwt.setSubject(subject);
  return jwt.setExpirationTime(Math.ceil(expiresAt / 1000)).sign(await signingKey(env));
}

export async function issueToken(env: Env, cred: Credential, expiresAt: number): Promise<string> {
  return sign(env, { mbx: cred.epoch, mid: cred.mailboxId }, cred.address, expiresAt);
}

/** A session token: `sid` names the session's directory row (none for a site token). */
export async function issueSessionToken(
  env: Env,
  kind: SessionKind,
  claims: { sub?: string; sid?: string; sph?: string },
  expiresAt: number,
): Promise<string> {
  const { sub, ...rest } = claims;
  return sign(env, { knd: kind, ...(rest as Record<string, string>) }, sub ?? null, expiresAt);
}

/** HMAC of `text` under the signing key, hex: a fingerprint of a secret that nobody without the key can test guesses against. */
export async function keyedDigest(env: Env, text: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(env), new TextEncoder().encode(text)));
  return Array.from(mac.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Tokens whose signature this isolate has checked, with their claims: a script polling its
 * mailbox sends the same token each time. Keyed by the signing key too, so a new secret
 * drops them. Only the signature is cached: expiry is checked on every use, and revocation
 * (the mailbox's epoch, a session's row) is checked where it always was.
 */
const verified = new Map<string, { key: CryptoKey; payload: JWTPayload }>();
const VERIFIED_MAX = 1024;

/** Any token's verified claims (signature and expiry checked), or 401. */
export async function verifyClaims(env: Env, token: string): Promise<JWTPayload> {
  const key = await signingKey(env);
  const known = verified.get(token);
  if (known?.key === key && (known.payload.exp ?? 0) * 1000 > Date.now()) return known.payload;
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
    verified.set(token, { key, payload });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new ApiError("unauthorized", "Credential has expired.");
    throw new ApiError("unauthorized", "Credential is invalid.");
  }
}

/** The address credential's claims (the epoch itself is checked by the Mailbox); any other kind of token is refused. */
export function addressCredential(payload: JWTPayload): Credential {
  if (payload.knd !== undefined || typeof payload.sub !== "string" || typeof payload.mbx !== "string") {
    throw new ApiError("unauthorized", "Credential is malformed.");
  }
  const mailboxId = typeof payload.mid === "string" ? payload.mid : payload.mbx;
  return { address: payload.sub, epoch: payload.mbx, mailboxId };
}

/** Verifies an address credential (for callers that take nothing else: Telegram /bind, mail.tm, binding to a user). */
export async function verifyToken(env: Env, token: string): Promise<Credential> {
  return addressCredential(await verifyClaims(env, token));
}

/** Reads the bearer token from the header, or `?token=` (browsers' WebSockets cannot set headers). */
export function bearerToken(req: Request, allowQuery = false): string | null {
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1] : null;
  }
  if (allowQuery) return new URL(req.url).searchParams.get("token");
  return null;
}
