// RateLimiter: a fixed-window counter per key (one object per client IP), so
// one client cannot claim addresses without bound. Counts live in memory: a
// limiter that forgets on restart errs towards letting people in.
import { DurableObject } from "cloudflare:workers";

export interface RateDecision {
  ok: boolean;
  /** seconds until the window resets (when refused) */
  retryAfter: number;
}

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
}
