// Login throttling as pure arithmetic over (failures, last failure, lock):
// a guesser is slowed (1, 2, 4 … s between tries), then locked out for a while.
import type { LoginPolicy } from "../../src/contract/config";

export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export const FRESH: ThrottleState = { failures: 0, lastFailureAt: 0, lockedUntil: 0 };

/** Seconds the caller must wait before the next attempt is even checked; 0 = go ahead. */
export function retryAfterSeconds(s: ThrottleState, p: LoginPolicy, now: number): number {
  if (s.lockedUntil > now) return Math.ceil((s.lockedUntil - now) / 1000);
  if (s.failures >= p.slowAfter) {
    const delayMs = Math.min(2 ** (s.failures - p.slowAfter), p.maxDelaySeconds) * 1000;
    const until = s.lastFailureAt + delayMs;
    if (until > now) return Math.ceil((until - now) / 1000);
  }
  return 0;
}

/** The state after one more wrong password. */
export function afterFailure(s: ThrottleState, p: LoginPolicy, now: number): ThrottleState {
  // A long quiet spell forgives old failures: a person who mistyped last week is not a guesser.
  const forgiven = s.lastFailureAt > 0 && now - s.lastFailureAt > p.lockSeconds * 1000;
  const failures = (forgiven ? 0 : s.failures) + 1;
  if (failures >= p.lockAfter) {
    // After the lock the guesser starts out slowed again, not at full speed.
    return { failures: p.slowAfter, lastFailureAt: now, lockedUntil: now + p.lockSeconds * 1000 };
  }
  return { failures, lastFailureAt: now, lockedUntil: 0 };
}
