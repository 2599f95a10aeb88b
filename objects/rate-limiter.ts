// RateLimiter: one object per key. A fixed-window counter (per client IP, so
// one client cannot claim addresses without bound), and the password throttle
// of a user account or the admin (as the Mailbox keeps one per address).
// Window counts live in memory: a limiter that forgets on restart errs towards
// letting people in. Throttle state is stored: a restart must not forgive a guesser.
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

export class RateLimiter extends DurableObject {
  private windowStart = 0;
  private count = 0;

  async hit(limit: number, windowSeconds: number): Promise<RateDecision> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    if (this.count >= limit) {
      return { ok: false, retryAfter: Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000)) };
    }
    this.count++;
    return { ok: true, retryAfter: 0 };
  }

  /** The window as it stands, without counting a hit: how many were used, and seconds until it resets. */
  async peek(windowSeconds: number): Promise<{ used: number; resetSeconds: number }> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    if (now - this.windowStart >= windowMs) return { used: 0, resetSeconds: windowSeconds };
    return { used: this.count, resetSeconds: Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000)) };
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

  private async throttle(): Promise<ThrottleState> {
    return (await this.ctx.storage.get<ThrottleState>(THROTTLE_KEY)) ?? FRESH;
  }
}
