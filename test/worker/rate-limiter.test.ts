// The fixed-window limiter behind sign-ups, address creation, API key quotas and
// site-password guesses: its count outlives the object's eviction.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../objects/rate-limiter";

const limiter = () => env.RATE_LIMITER.getByName(`test:${crypto.randomUUID()}`);

describe("RateLimiter windows", () => {
  it("lets `limit` hits through per window, then refuses with the seconds left", async () => {
    const stub = limiter();
    for (let i = 0; i < 3; i++) expect(await stub.hit(3, 3600)).toEqual({ ok: true, retryAfter: 0 });
    const refused = await stub.hit(3, 3600);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfter).toBeGreaterThan(3590);
    expect(refused.retryAfter).toBeLessThanOrEqual(3600);
    expect(await stub.peek(3600)).toMatchObject({ used: 3 });
  });

  it("keeps the count across a wake: a fresh instance over the same storage still refuses", async () => {
    const stub = limiter();
    for (let i = 0; i < 3; i++) await stub.hit(3, 3600);
    await runInDurableObject(stub, async (_live: RateLimiter, state) => {
      // What the object is after an eviction: new memory, the same storage.
      const woken = new RateLimiter(state, env);
      expect(await woken.peek(3600)).toMatchObject({ used: 3 });
      expect((await woken.hit(3, 3600)).ok).toBe(false);
    });
  });

  it("starts a new window once the old one is over", async () => {
    const stub = limiter();
    expect((await stub.hit(1, 1)).ok).toBe(true);
    expect((await stub.hit(1, 1)).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await stub.hit(1, 1)).ok).toBe(true);
    await runInDurableObject(stub, async (_live: RateLimiter, state) => {
      expect((await new RateLimiter(state, env).peek(1)).used).toBe(1);
    });
  });
});
