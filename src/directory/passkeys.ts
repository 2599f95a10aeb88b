// The directory's `passkeys` and `challenges` tables: WebAuthn credentials, and the challenges handed out for them (each taken once).
import { openDirectory } from "../../objects/directory/migrate";
import type { PasskeyInfo } from "../contract/accounts";
import type { Env } from "../env";

export interface StoredPasskey {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface Challenge {
  id: string;
  purpose: "sign-up" | "sign-in" | "add";
  challenge: string;
  userId: string | null;
  username: string | null;
  rpId: string;
  origin: string;
  expiresAt: number;
}

interface PasskeyRow {
  id: string;
  user_id: string;
  public_key: ArrayBuffer;
  counter: number;
  transports: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

const passkey = (r: PasskeyRow): StoredPasskey => ({
  id: r.id,
  userId: r.user_id,
  publicKey: new Uint8Array(r.public_key),
  counter: r.counter,
  transports: JSON.parse(r.transports) as string[],
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export function passkeyInfo(p: StoredPasskey): PasskeyInfo {
  return {
    id: p.id,
    name: p.name,
    createdAt: new Date(p.createdAt).toISOString(),
    lastUsedAt: p.lastUsedAt === null ? null : new Date(p.lastUsedAt).toISOString(),
  };
}

export async function saveChallenge(env: Env, c: Challenge): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db.batch([
    // Challenges nobody answered go whenever a new one is made: no sweeper needed.
    db.prepare("DELETE FROM challenges WHERE expires_at <= ?").bind(Date.now()),
    db
      .prepare(
        "INSERT INTO challenges (id, purpose, challenge, user_id, username, rp_id, origin, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(c.id, c.purpose, c.challenge, c.userId, c.username, c.rpId, c.origin, c.expiresAt),
  ]);
}

/** Takes a live challenge out (so it can be answered once); null when there is none. */
export async function takeChallenge(env: Env, id: string, purpose: Challenge["purpose"]): Promise<Challenge | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db
    .prepare("DELETE FROM challenges WHERE id = ? AND purpose = ? AND expires_at > ? RETURNING *")
    .bind(id, purpose, Date.now())
    .first<{
      id: string;
      challenge: string;
      user_id: string | null;
      username: string | null;
      rp_id: string;
      origin: string;
      expires_at: number;
    }>();
  if (!r) return null;
  return {
    id: r.id,
    purpose,
    challenge: r.challenge,
    userId: r.user_id,
    username: r.username,
    rpId: r.rp_id,
    origin: r.origin,
    expiresAt: r.expires_at,
  };
}

/** The statement that stores a new passkey (run alone, or in the batch that creates its user). */
export async function passkeyStatement(env: Env, p: Omit<StoredPasskey, "lastUsedAt">): Promise<D1PreparedStatement> {
  const db = await openDirectory(env.DIRECTORY);
  return db
    .prepare("INSERT INTO passkeys (id, user_id, public_key, counter, transports, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(p.id, p.userId, p.publicKey.slice().buffer, p.counter, JSON.stringify(p.transports), p.name, p.createdAt);
}

export async function passkeyById(env: Env, id: string): Promise<StoredPasskey | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db.prepare("SELECT * FROM passkeys WHERE id = ?").bind(id).first<PasskeyRow>();
  return r ? passkey(r) : null;
}

export async function userPasskeys(env: Env, userId: string): Promise<StoredPasskey[]> {
  const db = await openDirectory(env.DIRECTORY);
  const { results } = await db.prepare("SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at").bind(userId).all<PasskeyRow>();
  return results.map(passkey);
}

/** After a sign-in: the authenticator's new signature counter, and when it was used. */
export async function passkeyUsed(env: Env, id: string, counter: number): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db.prepare("UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?").bind(counter, Date.now(), id).run();
}

export async function deletePasskey(env: Env, userId: string, id: string): Promise<boolean> {
  const db = await openDirectory(env.DIRECTORY);
  return (await db.prepare("DELETE FROM passkeys WHERE id = ? AND user_id = ?").bind(id, userId).run()).meta.changes > 0;
}
