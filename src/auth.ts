// Credentials: a JWT (HS256, jose) per address. `sub` is the address, `mbx`
// the mailbox's credential epoch (a random id minted when the mailbox is
// created and replaced when all its credentials are revoked, so a token dies
// with its mailbox or its generation) and `mid` the mailbox's identity, which
// ids shown to clients derive from (the mail.tm account id).
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Env } from "./env";
import { ApiError } from "./http/errors";

export interface Credential {
  address: string;
  epoch: string;
  /** the mailbox's identity; a token from before it existed carries none, and its epoch stood for it */
  mailboxId: string;
}

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

export async function issueToken(env: Env, cred: Credential, expiresAt: number): Promise<string> {
  return new SignJWT({ mbx: cred.epoch, mid: cred.mailboxId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(cred.address)
    .setIssuedAt()
    .setExpirationTime(Math.ceil(expiresAt / 1000))
    .sign(await signingKey(env));
}

/** Verifies a token's signature and expiry; the epoch is checked by the Mailbox. */
export async function verifyToken(env: Env, token: string): Promise<Credential> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(env), { algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.mbx !== "string") {
      throw new ApiError("unauthorized", "Credential is malformed.");
    }
    const mailboxId = typeof payload.mid === "string" ? payload.mid : payload.mbx;
    return { address: payload.sub, epoch: payload.mbx, mailboxId };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new ApiError("unauthorized", "Credential has expired.");
    throw new ApiError("unauthorized", "Credential is invalid.");
  }
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

/** The credential for `address`: 401 without a valid one, 403 for another address's. */
export async function requireOwner(env: Env, req: Request, address: string, allowQuery = false): Promise<Credential> {
  const token = bearerToken(req, allowQuery);
  if (!token) throw new ApiError("unauthorized", "Send the address's credential as 'Authorization: Bearer <token>'.");
  const cred = await verifyToken(env, token);
  if (cred.address !== address) throw new ApiError("forbidden", "This credential belongs to another address.");
  return cred;
}
