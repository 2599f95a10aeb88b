// Accounts: the address's password hash and its login throttle, in the
// Mailbox's own SQLite. Hashing happens in the Worker (CPU scales out there);
// this only stores, compares in constant time, and counts failures.
import type { LoginPolicy } from "../../src/contract/config";
import { afterFailure, FRESH, retryAfterSeconds, type ThrottleState } from "./login-throttle";

/** A password as stored: PBKDF2-SHA256 parameters and the derived key. */
export interface StoredPassword {
  algorithm: "pbkdf2-sha256";
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** What the Worker needs to derive a key from a candidate password. */
export type LoginParams =
  | { ok: true; algorithm: "pbkdf2-sha256"; iterations: number; salt: Uint8Array }
  | { ok: false; reason: "no_login" }
  /** no live mailbox by this name: nothing here keeps a throttle for it */
  | { ok: false; reason: "no_mailbox" }
  | { ok: false; reason: "throttled"; retryAfter: number };

/** A login's answer; on success it carries `T` (what a new credential needs). */
export type LoginOutcome<T = unknown> =
  | ({ ok: true } & T)
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: number };

/** Compares without an early exit, so timing says nothing about where bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export class AccountStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly policy: LoginPolicy,
  ) {}

  setPassword(p: StoredPassword, now = Date.now()): void {
    this.sql.exec(
      `INSERT INTO password (id, algorithm, iterations, salt, hash, set_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET algorithm = excluded.algorithm, iterations = excluded.iterations,
         salt = excluded.salt, hash = excluded.hash, set_at = excluded.set_at`,
      p.algorithm,
      p.iterations,
      copy(p.salt),
      copy(p.hash),
      now,
    );
  }

  hasPassword(): boolean {
    return this.sql.exec("SELECT 1 FROM password WHERE id = 1").toArray().length > 0;
  }

  /** The throttle applies with or without a password, so a 429 does not tell whether one is set. */
  params(now = Date.now()): LoginParams {
    const wait = retryAfterSeconds(this.throttle(), this.policy, now);
    if (wait > 0) return { ok: false, reason: "throttled", retryAfter: wait };
    const p = this.stored();
    if (!p) return { ok: false, reason: "no_login" };
    return { ok: true, algorithm: p.algorithm, iterations: p.iterations, salt: p.salt };
  }

  /** Checks a derived key; the throttle is checked again here, where it cannot race. */
  check(derived: Uint8Array, now = Date.now()): LoginOutcome {
    const p = this.stored();
    const state = this.throttle();
    const wait = retryAfterSeconds(state, this.policy, now);
    if (wait > 0) return { ok: false, reason: "throttled", retryAfter: wait };
    if (p && constantTimeEqual(derived, p.hash)) {
      this.sql.exec("DELETE FROM login_throttle");
      return { ok: true };
    }
    const next = afterFailure(state, this.policy, now);
    this.sql.exec(
      `INSERT INTO login_throttle (id, failures, last_failure_at, locked_until) VALUES (1, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
         locked_until = excluded.locked_until`,
      next.failures,
      next.lastFailureAt,
      next.lockedUntil,
    );
    return { ok: false, reason: "invalid" };
  }

  private stored(): StoredPassword | null {
    const row = this.sql
      .exec<{ algorithm: string; iterations: number; salt: ArrayBuffer; hash: ArrayBuffer }>(
        "SELECT algorithm, iterations, salt, hash FROM password WHERE id = 1",
      )
      .toArray()[0];
    if (!row) return null;
    return {
      algorithm: row.algorithm as "pbkdf2-sha256",
      iterations: row.iterations,
      salt: new Uint8Array(row.salt),
      hash: new Uint8Array(row.hash),
    };
  }

  private throttle(): ThrottleState {
    const row = this.sql
      .exec<{ failures: number; last_failure_at: number; locked_until: number }>(
        "SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE id = 1",
      )
      .toArray()[0];
    return row ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } : FRESH;
  }
}

function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
