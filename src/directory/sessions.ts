// The directory's `sessions` table: signed-in users and the admin. A token
// names its row; deleting the row revokes the token at once.
import { openDirectory } from "../../objects/directory/migrate";
import type { Env } from "../env";

export interface SessionRow {
  id: string;
  kind: "user" | "admin";
  userId: string | null;
  method: "password" | "passkey";
  agent: string | null;
  createdAt: number;
  expiresAt: number;
}

interface Row {
  id: string;
  kind: "user" | "admin";
  user_id: string | null;
  method: "password" | "passkey";
  agent: string | null;
  created_at: number;
  expires_at: number;
}

const row = (r: Row): SessionRow => ({
  id: r.id,
  kind: r.kind,
  userId: r.user_id,
  method: r.method,
  agent: r.agent,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

const AGENT_CHARS = 200;

export async function startSession(
  env: Env,
  s: { kind: "user" | "admin"; userId: string | null; method: "password" | "passkey"; agent: string | null; ttlSeconds: number },
): Promise<SessionRow> {
  const db = await openDirectory(env.DIRECTORY);
  const now = Date.now();
  const session: SessionRow = {
    id: crypto.randomUUID(),
    kind: s.kind,
    userId: s.userId,
    method: s.method,
    agent: s.agent?.slice(0, AGENT_CHARS) ?? null,
    createdAt: now,
    expiresAt: now + s.ttlSeconds * 1000,
  };
  await db.batch([
    // Sessions past their time go whenever a new one starts: the table needs no sweeper.
    db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(now),
    db
      .prepare("INSERT INTO sessions (id, kind, user_id, method, agent, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(session.id, session.kind, session.userId, session.method, session.agent, session.createdAt, session.expiresAt),
  ]);
  return session;
}

/** A live session: not revoked, not expired, and (for a user) the account exists and is enabled. */
export async function liveSession(env: Env, id: string): Promise<SessionRow | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db
    .prepare(
      `SELECT s.* FROM sessions s LEFT JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND s.expires_at > ? AND (s.kind = 'admin' OR (u.id IS NOT NULL AND u.disabled_at IS NULL))`,
    )
    .bind(id, Date.now())
    .first<Row>();
  return r ? row(r) : null;
}

export async function userSessions(env: Env, userId: string): Promise<SessionRow[]> {
  const db = await openDirectory(env.DIRECTORY);
  const { results } = await db
    .prepare("SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC")
    .bind(userId, Date.now())
    .all<Row>();
  return results.map(row);
}

/** Ends one session; with `userId`, only if it is that user's. True when there was one. */
export async function endSession(env: Env, id: string, userId?: string): Promise<boolean> {
  const db = await openDirectory(env.DIRECTORY);
  const r =
    userId === undefined
      ? await db.prepare("DELETE FROM sessions WHERE id = ?").bind(id).run()
      : await db.prepare("DELETE FROM sessions WHERE id = ? AND user_id = ?").bind(id, userId).run();
  return r.meta.changes > 0;
}

/** Ends every session of a user, but `keep` if given. */
export async function endUserSessions(env: Env, userId: string, keep: string | null = null): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db.prepare("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?").bind(userId, keep).run();
}
