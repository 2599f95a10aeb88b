// The directory's `api_keys` table: make, list, find by hash, revoke. A row
// found by its hash is live only while unexpired and its user (if any) exists
// and is enabled, so disabling a user stops their keys at once.
import { openDirectory } from "../../objects/directory/migrate";
import type { ApiKeyInfo, ApiKeyScope } from "../contract/agents";
import type { Env } from "../env";

export interface ApiKeyRow {
  id: string;
  /** null: a deployment key */
  userId: string | null;
  name: string;
  hint: string;
  scopes: ApiKeyScope[];
  createdAt: number;
  expiresAt: number | null;
  /** null: never used */
  lastUsedAt: number | null;
}

interface Row {
  id: string;
  user_id: string | null;
  name: string;
  hint: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const row = (r: Row): ApiKeyRow => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  hint: r.hint,
  scopes: r.scopes.split(" ").filter(Boolean) as ApiKeyScope[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

const PLAIN = "id, user_id, name, hint, scopes, created_at, expires_at, last_used_at";
const COLUMNS = PLAIN.replace(/(\w+)/g, "k.$1");

export function keyInfo(k: ApiKeyRow): ApiKeyInfo {
  return {
    id: k.id,
    name: k.name,
    hint: k.hint,
    scopes: k.scopes,
    user: k.userId !== null,
    createdAt: new Date(k.createdAt).toISOString(),
    expiresAt: k.expiresAt === null ? null : new Date(k.expiresAt).toISOString(),
    lastUsedAt: k.lastUsedAt === null ? null : new Date(k.lastUsedAt).toISOString(),
  };
}

export async function insertKey(env: Env, k: ApiKeyRow, hash: string): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db
    .prepare("INSERT INTO api_keys (id, user_id, name, hash, hint, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(k.id, k.userId, k.name, hash, k.hint, k.scopes.join(" "), k.createdAt, k.expiresAt)
    .run();
}

/** The live key with this hash, or null (unknown, revoked, expired, or its user disabled or gone). */
export async function liveKey(env: Env, hash: string): Promise<ApiKeyRow | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db
    .prepare(
      `SELECT ${COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.user_id
       WHERE k.hash = ? AND (k.expires_at IS NULL OR k.expires_at > ?)
         AND (k.user_id IS NULL OR (u.id IS NOT NULL AND u.disabled_at IS NULL))`,
    )
    .bind(hash, Date.now())
    .first<Row>();
  return r ? row(r) : null;
}

/** How stale `last_used_at` may get: a busy key writes once a minute, not once a request. */
export const LAST_USED_GRAIN_MS = 60_000;

/**
 * Records that `k` authenticated at `now`, unless it did within the last minute:
 * the row just read says so (nothing sent), or a concurrent request won (the UPDATE matches nothing).
 */
export async function noteKeyUse(env: Env, k: ApiKeyRow, now = Date.now()): Promise<void> {
  const since = now - LAST_USED_GRAIN_MS;
  if (k.lastUsedAt !== null && k.lastUsedAt >= since) return;
  const db = await openDirectory(env.DIRECTORY);
  await db
    .prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
    .bind(now, k.id, since)
    .run();
}

/** A user's keys (null: the deployment's), newest first, expired ones included so their owner sees why they stopped. */
export async function keysOf(env: Env, userId: string | null): Promise<ApiKeyRow[]> {
  const db = await openDirectory(env.DIRECTORY);
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM api_keys k WHERE k.user_id IS ? ORDER BY k.created_at DESC, k.id`)
    .bind(userId)
    .all<Row>();
  return results.map(row);
}

export async function countKeys(env: Env, userId: string): Promise<number> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db.prepare("SELECT count(*) AS n FROM api_keys WHERE user_id = ?").bind(userId).first<{ n: number }>();
  return r?.n ?? 0;
}

/** Revokes a key: `owner` a user id (only their own), null (only a deployment key), or undefined (any: the admin). The row deleted, or null. */
export async function revokeKey(env: Env, id: string, owner?: string | null): Promise<ApiKeyRow | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r =
    owner === undefined
      ? await db.prepare(`DELETE FROM api_keys WHERE id = ? RETURNING ${PLAIN}`).bind(id).first<Row>()
      : await db.prepare(`DELETE FROM api_keys WHERE id = ? AND user_id IS ? RETURNING ${PLAIN}`).bind(id, owner).first<Row>();
  return r ? row(r) : null;
}

export async function keyById(env: Env, id: string): Promise<ApiKeyRow | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db.prepare(`SELECT ${PLAIN} FROM api_keys WHERE id = ?`).bind(id).first<Row>();
  return r ? row(r) : null;
}
