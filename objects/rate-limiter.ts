// RateLimiter: one object per key. A fixed-window counter (per client IP, so
// one client cannot claim addresses without bound), and the password throttle
// of a user account or the admin (as the Mailbox keeps one per address).
// Both are stored: an idle object is evicted within seconds to minutes, far inside a
// window of an hour, and a limiter that forgot then would be no limit at all.
import { DurableObject } from "cloudflare:workers";
import type { LoginPolicy } from "../src/contract/config";
import { constantTimeEqual, type LoginOutcome } from "./mailbox/accounts";
import { afterFailure, FRESH, retryAfterSeconds, type ThrottleState } from "./mailbox/login-throttle";

export interface RateDecision {
  ok: boolean;
  /** seconds until the window resets (when refused) */
  retryAfter: number;
}

const THROTTLE_KEY = "throttle";
const WINDOW_KEY = "window";

interface Window {
  start: number;
  count: number;
}

export class RateLimiter extends DurableObject {
  /** The stored window, read once per wake. */
  private current: Window | null = null;

  async hit(limit: number, windowSeconds: number): Promise<RateDecision> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    let w = await this.window();
    if (now - w.start >= windowMs) w = { start: now, count: 0 };
    if (w.count >= limit) {
      return { ok: false, retryAfter: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    }
    this.current = { start: w.start, count: w.count + 1 };
    // Not waited on: a count lost to a crash lets one more through, which is no reason to delay every answer.
    await this.ctx.storage.put(WINDOW_KEY, this.current, { allowUnconfirmed: true });
    return { ok: true, retryAfter: 0 };
  }

  /** The window as it stands, without counting a hit: how many were used, and seconds until it resets. */
  async peek(windowSeconds: number): Promise<{ used: number; resetSeconds: number }> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    const w = await this.window();
    if (now - w.start >= windowMs) return { used: 0, resetSeconds: windowSeconds };
    return { used: w.count, resetSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
  }

  private async window(): Promise<Window> {
    this.current ??= (await this.ctx.storage.get<Window>(WINDOW_KEY)) ?? { start: 0, count: 0 };
    return this.current;
  }

  /** Seconds before the next password is even checked; 0: go ahead (the caller may now spend CPU deriving its key). */
  async loginWait(policy: LoginPolicy): Promise<number> {
    return retryAfterSeconds(await this.throttle(), policy, Date.now());
  }

  /**
   * Compares a derived key with the expected one, the throttle checked again
   * here where parallel guesses queue up. A failure is counted; a success forgives.
   */
  async checkSecret(derived: Uint8Array, expected: Uint8Array, policy: LoginPolicy): Promise<LoginOutcome> {
    const now = Date.now();
    const state = await this.throttle();
    const wait = retryAfterSeconds(state, policy, now);
    if (wait > 0) return { ok: false, reason: "throttled", retryAfter: wait };
    if (expected.length > 0 && constantTimeEqual(derived, expected)) {
      await this.ctx.storage.delete(THROTTLE_KEY);
      return { ok: true };
    }
    await this.ctx.storage.put(THROTTLE_KEY, afterFailure(state, policy, now));
    return { ok: false, reason: "invalid" };
  }

  /**
   * A login that cannot succeed (the name has no account or mailbox): the throttle checked and,
   * unless it is in force, a failure counted, so an unknown name is throttled like a wrong password.
   */
  async refuse(policy: LoginPolicy): Promise<LoginOutcome> {
    // Nothing to compare against: the check every guess gets, with no secret that could match.
    return this.checkSecret(new Uint8Array(0), new Uint8Array(0), policy);
  }

  private async throttle(): Promise<ThrottleState> {
    return (await this.ctx.storage.get<ThrottleState>(THROTTLE_KEY)) ?? FRESH;
  }
}
