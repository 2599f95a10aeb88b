// A login costs one key derivation whatever the address: unknown, without a
// password, or with one. Timing must not tell which.
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, auth, claim, DOMAIN } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

async function login(address: string, password: string): Promise<number> {
  const res = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address, password }) });
  await res.body?.cancel();
  return res.status;
}

async function withPassword(password: string): Promise<string> {
  const { address, token } = await claim();
  const res = await api(`/api/v1/mailboxes/${address}/password`, auth(token, { method: "PUT", body: JSON.stringify({ password }) }));
  expect(res.status).toBe(204);
  return address;
}

/** Milliseconds of each login, `perAddress` tries on each address (below the throttle's free tries). */
async function timings(addresses: string[], perAddress: number, password: string): Promise<number[]> {
  const out: number[] = [];
  for (const address of addresses) {
    for (let i = 0; i < perAddress; i++) {
      const t0 = performance.now();
      expect(await login(address, password)).toBe(401);
      out.push(performance.now() - t0);
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe("login timing", () => {
  it("derives a key exactly once for an unknown address, a passwordless one, a wrong and a right password", async () => {
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    const counted = async (address: string, password: string, status: number) => {
      derive.mockClear();
      expect(await login(address, password)).toBe(status);
      return derive.mock.calls.length;
    };
    const passwordless = (await claim()).address;
    const protectedOne = await withPassword("the right password");
    expect(await counted(`nobody-${crypto.randomUUID().slice(0, 8)}@${DOMAIN}`, "some password", 401)).toBe(1);
    expect(await counted(passwordless, "some password", 401)).toBe(1);
    expect(await counted(protectedOne, "the wrong password", 401)).toBe(1);
    expect(await counted(protectedOne, "the right password", 201)).toBe(1);
  });

  it("takes as long without a password (or an address) as with a wrong one", async () => {
    // Five tries per address: the throttle lets LOGIN_SLOW_AFTER (5) through at full speed.
    const unknown = Array.from({ length: 4 }, (_, i) => `ghost${i}-${crypto.randomUUID().slice(0, 8)}@${DOMAIN}`);
    const bare = await Promise.all(Array.from({ length: 4 }, async () => (await claim()).address));
    const guarded = await Promise.all(Array.from({ length: 4 }, () => withPassword("the right password")));
    const none = median(await timings(unknown, 5, "a guess at it"));
    const noPassword = median(await timings(bare, 5, "a guess at it"));
    const wrong = median(await timings(guarded, 5, "a guess at it"));
    console.log(`login medians (ms): unknown ${none.toFixed(1)}, no password ${noPassword.toFixed(1)}, wrong password ${wrong.toFixed(1)}`);
    // Before, the first two skipped the derivation: 10-20 times faster than a wrong password. A factor of 5 either way leaves room for a busy machine.
    for (const m of [none, noPassword]) {
      expect(m).toBeGreaterThan(wrong / 5);
      expect(m).toBeLessThan(wrong * 5);
    }
  });
});
