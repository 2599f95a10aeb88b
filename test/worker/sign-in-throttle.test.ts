// Users' and the admin's passwords are throttled as address logins are:
// LOGIN_SLOW_AFTER failures at full speed, then 429 with Retry-After, even for
// the right password; parallel guesses queue at one object and cannot slip past.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiWith, PASSWORD, send, signUp, username } from "./directory-helpers";
import { api } from "./helpers";

const SLOW_AFTER = Number(env.LOGIN_SLOW_AFTER);

async function statuses(requests: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(requests)).map((r) => r.status);
}

describe("sign-in throttling", () => {
  it(`slows a user's wrong passwords after ${SLOW_AFTER}, then refuses even the right one (429 + Retry-After)`, async () => {
    const { user } = await signUp();
    for (let i = 0; i < SLOW_AFTER; i++) {
      expect((await api("/api/v1/users/session", send({ username: user.username, password: `wrong ${i}` }))).status).toBe(401);
    }
    const right = await api("/api/v1/users/session", send({ username: user.username, password: PASSWORD }));
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await right.json<{ error: { code: string } }>()).error.code).toBe("rate_limited");
  });

  it("lets no more than LOGIN_SLOW_AFTER parallel guesses be checked", async () => {
    const { user } = await signUp();
    const guesses = Array.from({ length: 16 }, (_, i) =>
      api("/api/v1/users/session", send({ username: user.username, password: `guess ${i}` })),
    );
    const got = await statuses(guesses);
    expect(got.filter((s) => s === 401).length).toBeLessThanOrEqual(SLOW_AFTER);
    expect(got.filter((s) => s === 429).length).toBeGreaterThanOrEqual(16 - SLOW_AFTER);
  });

  it("throttles a username nobody has, the same way (so the answers say nothing about who exists)", async () => {
    const nobody = username("nobody");
    const got = [];
    for (let i = 0; i <= SLOW_AFTER; i++)
      got.push((await api("/api/v1/users/session", send({ username: nobody, password: `x${i}` }))).status);
    expect(got).toEqual([...Array(SLOW_AFTER).fill(401), 429]);
  });

  it("throttles an address nobody has claimed like a claimed one (POST /api/v1/tokens and mail.tm's /token)", async () => {
    const { address } = await (await api("/api/v1/addresses", send({ password: PASSWORD }))).json<{ address: string }>();
    for (const [who, path] of [
      [address, "/api/v1/tokens"],
      [`nobody-${crypto.randomUUID().slice(0, 8)}@pigeonhole.test`, "/api/v1/tokens"],
      [`nobody-${crypto.randomUUID().slice(0, 8)}@pigeonhole.test`, "/mailtm/token"],
    ]) {
      const got = [];
      for (let i = 0; i <= SLOW_AFTER; i++) got.push((await api(path, send({ address: who, password: `x${i}` }))).status);
      expect(got, `${path} ${who}`).toEqual([...Array(SLOW_AFTER).fill(401), 429]);
    }
  });

  it("throttles the admin password", async () => {
    // An admin password of its own: the throttle belongs to the password, and other tests sign in with the usual one.
    const vars = { ADMIN_PASSWORD: `throttled ${crypto.randomUUID()}` };
    for (let i = 0; i < SLOW_AFTER; i++) {
      expect((await apiWith(vars, "/api/v1/admin/session", send({ password: `wrong ${i}` }))).status).toBe(401);
    }
    const right = await apiWith(vars, "/api/v1/admin/session", send({ password: vars.ADMIN_PASSWORD }));
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
