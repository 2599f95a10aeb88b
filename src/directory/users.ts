// The directory's `users` table: accounts, their password hashes, disabling.
import { openDirectory } from "../../objects/directory/migrate";
import type { StoredPassword } from "../../objects/mailbox/accounts";
import type { UserInfo } from "../contract/accounts";
import type { Env } from "../env";
import { ApiError } from "../http/errors";

export interface UserRecord {
  seq: number;
  id: string;
  username: string;
  password: StoredPassword | null;
  createdAt: number;
  createdBy: "self" | "admin";
  disabledAt: number | null;
  passkeys: number;
}

interface Row {
  seq: number;
  id: string;
  username: string;
  pw_algorithm: string | null;
  pw_iterations: number | null;
  pw_salt: ArrayBuffer | null;
  pw_hash: ArrayBuffer | null;
  created_at: number;
  created_by: "self" | "admin";
  disabled_at: number | null;
  passkeys: number;
}

const SELECT = "SELECT u.*, (SELECT count(*) FROM passkeys p WHERE p.user_id = u.id) AS passkeys FROM users u";

function record(r: Row): UserRecord {
  return {
    seq: r.seq,
    id: r.id,
    username: r.username,
    password:
      r.pw_algorithm && r.pw_salt && r.pw_hash
        ? { algorithm: "pbkdf2-sha256", iterations: r.pw_iterations ?? 0, salt: new Uint8Array(r.pw_salt), hash: new Uint8Array(r.pw_hash) }
        : null,
    createdAt: r.created_at,
    createdBy: r.created_by,
    disabledAt: r.disabled_at,
    passkeys: r.passkeys,
  };
}

export function userInfo(u: UserRecord): UserInfo {
  return {
    id: u.id,
    username: u.username,
    createdAt: new Date(u.createdAt).toISOString(),
    disabled: u.disabledAt !== null,
    hasPassword: u.password !== null,
    passkeys: u.passkeys,
  };
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** A username as stored (lower-case), or 400 saying what is wrong with it. */
export function usernameFrom(value: unknown): string {
  if (typeof value !== "string") throw new ApiError("bad_request", "username must be a string.");
  const name = value.trim().toLowerCase();
  if (!USERNAME.test(name)) {
    throw new ApiError("bad_request", "username must be 3 to 32 characters: a-z, 0-9, '.', '_', '-', starting with a letter or digit.");
  }
  return name;
}

function blob(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/** Creates an account (with `extra` statements in the same batch, e.g. its first passkey); 409 when the name is taken. */
export async function createUser(
  env: Env,
  u: { username: string; password: StoredPassword | null; createdBy: "self" | "admin"; id?: string },
  extra: D1PreparedStatement[] = [],
): Promise<UserRecord> {
  const db = await openDirectory(env.DIRECTORY);
  const id = u.id ?? crypto.randomUUID();
  const p = u.password;
  try {
    await db.batch([
      db
        .prepare(
          `INSERT INTO users (id, username, pw_algorithm, pw_iterations, pw_salt, pw_hash, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          u.username,
          p?.algorithm ?? null,
          p?.iterations ?? null,
          p ? blob(p.salt) : null,
          p ? blob(p.hash) : null,
          Date.now(),
          u.createdBy,
        ),
      ...extra,
    ]);
  } catch (err) {
    if (/UNIQUE constraint failed: users\.username/i.test(String((err as Error)?.message))) {
      throw new ApiError("username_taken", "That username is taken.");
    }
    throw err;
  }
  return (await userById(env, id)) as UserRecord;
}

export async function userById(env: Env, id: string): Promise<UserRecord | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db.prepare(`${SELECT} WHERE u.id = ?`).bind(id).first<Row>();
  return r ? record(r) : null;
}

export async function userByName(env: Env, username: string): Promise<UserRecord | null> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db.prepare(`${SELECT} WHERE u.username = ?`).bind(username).first<Row>();
  return r ? record(r) : null;
}

/** Newest first, `limit` below cursor `before`, optionally those whose name contains `query`. */
export async function listUsers(env: Env, query: string, before: number, limit: number): Promise<UserRecord[]> {
  const db = await openDirectory(env.DIRECTORY);
  // instr, not LIKE: D1 refuses a LIKE pattern over 50 bytes.
  const { results } = await db
    .prepare(`${SELECT} WHERE u.seq < ?1 AND (?2 = '' OR instr(lower(u.username), lower(?2)) > 0) ORDER BY u.seq DESC LIMIT ?3`)
    .bind(before, query, limit)
    .all<Row>();
  return results.map(record);
}

export async function countUsers(env: Env): Promise<number> {
  const db = await openDirectory(env.DIRECTORY);
  return (await db.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>())?.n ?? 0;
}

export async function setUserPassword(env: Env, id: string, p: StoredPassword): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db
    .prepare("UPDATE users SET pw_algorithm = ?, pw_iterations = ?, pw_salt = ?, pw_hash = ? WHERE id = ?")
    .bind(p.algorithm, p.iterations, blob(p.salt), blob(p.hash), id)
    .run();
}

/** Disables or enables an account; a disabled account's sessions stop working at once. False when there is no such user. */
export async function setUserDisabled(env: Env, id: string, disabled: boolean): Promise<boolean> {
  const db = await openDirectory(env.DIRECTORY);
  const r = await db
    .prepare("UPDATE users SET disabled_at = ? WHERE id = ?")
    .bind(disabled ? Date.now() : null, id)
    .run();
  return r.meta.changes > 0;
}

/** Removes the account with its sessions, passkeys and challenges (its addresses are the caller's business). */
export async function deleteUser(env: Env, id: string): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db.batch([
    db.prepare("DELETE FROM sessions WHERE user_id = ?").bind(id),
    db.prepare("DELETE FROM passkeys WHERE user_id = ?").bind(id),
    db.prepare("DELETE FROM challenges WHERE user_id = ?").bind(id),
    db.prepare("DELETE FROM api_keys WHERE user_id = ?").bind(id),
    db.prepare("DELETE FROM users WHERE id = ?").bind(id),
  ]);
}
