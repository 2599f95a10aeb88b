// The directory's `audit` table: every admin action, and the send-quota grants it records in `grants`.
import { openDirectory } from "../../objects/directory/migrate";
import type { AuditEntry } from "../contract/accounts";
import type { Env } from "../env";
import type { AdminPrincipal } from "../principal";

/** Records one admin action. Called after the action succeeded, so the log says what was done. */
export async function audit(
  env: Env,
  admin: AdminPrincipal,
  action: string,
  target: string | null,
  detail: Record<string, unknown> = {},
  with_: D1PreparedStatement[] = [],
): Promise<void> {
  const db = await openDirectory(env.DIRECTORY);
  await db.batch([
    ...with_,
    db
      .prepare("INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
      .bind(Date.now(), `admin:${admin.sessionId}`, action, target, JSON.stringify(detail)),
  ]);
}

export async function auditPage(env: Env, before: number, limit: number): Promise<AuditEntry[]> {
  const db = await openDirectory(env.DIRECTORY);
  const { results } = await db
    .prepare("SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?")
    .bind(before, limit)
    .all<{ id: number; at: number; actor: string; action: string; target: string | null; detail: string }>();
  return results.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/** The statement that records a send-quota grant (run in the audit entry's batch). */
export async function grantStatement(env: Env, address: string, daily: number | null): Promise<D1PreparedStatement> {
  const db = await openDirectory(env.DIRECTORY);
  if (daily === null) return db.prepare("DELETE FROM grants WHERE address = ?").bind(address);
  return db
    .prepare(
      `INSERT INTO grants (address, send_daily, granted_at) VALUES (?, ?, ?)
       ON CONFLICT(address) DO UPDATE SET send_daily = excluded.send_daily, granted_at = excluded.granted_at`,
    )
    .bind(address, daily, Date.now());
}
