// A script with an API key, as its author runs it with the SDK against a real
// `wrangler dev` that is private (SITE_PASSWORD) and has Turnstile on: it creates
// addresses within its key's quota, then gets 429 with Retry-After; two workers
// waiting for codes on one mailbox each get a different code, none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PigeonholeError, PigeonholeKey, TimeoutError } from "../../client/sdk/index.ts";
import { codeMail } from "./mcp-session";
import { deliverHttp, type Service, startService } from "./service";

const SITE_PASSWORD = "a private site";
const ADMIN_PASSWORD = "the admin of this deployment";
const CREATE_LIMIT = 3;

let svc: Service;
let key: string;

/** A deployment key, made by the admin (who, like everyone without a key, passes the site password first). */
async function deploymentKey(): Promise<string> {
  const site = { "x-site-password": SITE_PASSWORD };
  const session = await fetch(`${svc.url}/api/v1/admin/session`, {
    method: "POST",
    headers: site,
    body: JSON.stringify({ password: ADMIN_PASSWORD }),
  });
  expect(session.status, await session.clone().text()).toBe(201);
  const { token } = (await session.json()) as { token: string };
  const made = await fetch(`${svc.url}/api/v1/keys`, {
    method: "POST",
    headers: { ...site, authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: "signup script" }),
  });
  expect(made.status, await made.clone().text()).toBe(201);
  return ((await made.json()) as { key: string }).key;
}

beforeAll(async () => {
  svc = await startService({
    vars: {
      SITE_PASSWORD,
      TURNSTILE_SECRET: "turnstile secret",
      ADMIN_PASSWORD,
      API_KEY_CREATE_LIMIT: String(CREATE_LIMIT),
      API_KEY_CREATE_WINDOW_SECONDS: "600",
    },
  });
  key = await deploymentKey();
}, 90_000);
afterAll(async () => {
  await svc?.stop();
});

describe("a script with an API key on a private deployment with Turnstile", () => {
  it("is stopped without its key: the site password, then Turnstile", async () => {
    const bare = await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: "{}" });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe("site_password_required");
    const withPassword = await fetch(`${svc.url}/api/v1/addresses`, {
      method: "POST",
      headers: { "x-site-password": SITE_PASSWORD },
      body: "{}",
    });
    expect(withPassword.status).toBe(403);
    expect(((await withPassword.json()) as { error: { code: string } }).error.code).toBe("turnstile_failed");
  });

  it("creates addresses within its quota, then gets 429 with Retry-After; /keys/me says none are left", async () => {
    const script = new PigeonholeKey({ baseUrl: svc.url, key });
    const made: string[] = [];
    for (let i = 0; i < CREATE_LIMIT; i++) {
      const created = await script.createAddress();
      // The key opens what it made, with no credential of the address's own.
      expect((await created.client.list()).messages).toEqual([]);
      made.push(created.address);
    }
    expect(new Set(made).size).toBe(CREATE_LIMIT);
    const past = await script.createAddress().catch((err: unknown) => err);
    expect(past).toBeInstanceOf(PigeonholeError);
    const refused = past as PigeonholeError;
    expect([refused.status, refused.code]).toEqual([429, "rate_limited"]);
    expect(refused.retryAfter).toBeGreaterThan(500);
    expect(refused.retryAfter).toBeLessThanOrEqual(600);
    const status = await script.status();
    expect(status.creations).toMatchObject({ limit: CREATE_LIMIT, remaining: 0, windowSeconds: 600 });
    expect(status.key).toMatchObject({ name: "signup script", user: false });
  });

  it("gives two concurrent nextCode waiters on one mailbox a different code each, and neither code twice", async () => {
    // Quotas are per key: the first key's is spent above, so this script has its own.
    const script = new PigeonholeKey({ baseUrl: svc.url, key: await deploymentKey() });
    const { address: box, client } = await script.createAddress();
    const workers = [client.nextCode({ timeout: 30_000 }), client.nextCode({ timeout: 30_000 })];
    await new Promise((r) => setTimeout(r, 500));
    for (const code of ["482913", "771204"]) {
      const res = await deliverHttp(svc.url, "no-reply@service.example", box, codeMail(box, code));
      expect(res.status).toBe(200);
    }
    const got = await Promise.all(workers);
    expect(got.map((g) => g.code).sort()).toEqual(["482913", "771204"]);
    expect(got[0].id).not.toBe(got[1].id);
    // Both codes are spoken for: a third worker waits in vain.
    await expect(client.nextCode({ timeout: 1500 })).rejects.toBeInstanceOf(TimeoutError);
    // peek still sees the first of them, without taking it.
    const first = got[0].id < got[1].id ? got[0] : got[1];
    expect(await client.nextCode({ timeout: 2000, peek: true })).toEqual(first);
  });
});
