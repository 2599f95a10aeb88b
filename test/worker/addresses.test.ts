import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { api, auth, BASE, claim } from "./helpers";

const post = (body: string) => api("/api/v1/addresses", { method: "POST", body });

describe("GET /api/v1/config", () => {
  it("tells clients the domains and limits, without a credential", async () => {
    const res = await api("/api/v1/config");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = await res.json<Record<string, unknown>>();
    expect(body.domains).toEqual(["pigeonhole.test"]);
    expect(body.maxMessageBytes).toBe(26214400);
    expect(body.nameMinLength).toBe(3);
    expect(JSON.stringify(body)).not.toMatch(/secret|jwt/i);
  });
});

describe("POST /api/v1/addresses", () => {
  it("gives a random address and a credential for it", async () => {
    const res = await post("{}");
    expect(res.status).toBe(201);
    const body = await res.json<{ address: string; token: string; expiresAt: string }>();
    expect(body.address).toMatch(/^[a-z][a-z0-9]{9}@pigeonhole\.test$/);
    expect(body.token.split(".")).toHaveLength(3);
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(86_000_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
    // two random addresses differ
    const other = await (await post("")).json<{ address: string }>();
    expect(other.address).not.toBe(body.address);
  });

  it("gives a chosen name, lower-cased, on the requested domain", async () => {
    const res = await post(JSON.stringify({ name: "Alice.Smith_1", domain: "PIGEONHOLE.test" }));
    expect(res.status).toBe(201);
    expect((await res.json<{ address: string }>()).address).toBe("alice.smith_1@pigeonhole.test");
  });

  it("answers 409 when the name is taken", async () => {
    await claim("taken");
    const res = await post(JSON.stringify({ name: "taken" }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "address_taken", message: expect.any(String) } });
  });

  it.each([
    ["too short", "ab"],
    ["too long", "a".repeat(65)],
    ["a plus", "a+b"],
    ["a space", "a b c"],
    ["a slash", "../etc"],
    ["non-ascii", "pérez"],
    ["leading dot", ".abc"],
    ["double dot", "a..b"],
    ["a number", 12345],
  ])("answers 400 for a name with %s", async (_why, name) => {
    const res = await post(JSON.stringify({ name }));
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("invalid_name");
  });

  it("answers 400 for a domain we do not serve", async () => {
    const res = await post(JSON.stringify({ name: "valid", domain: "gmail.com" }));
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("invalid_domain");
  });

  it.each([
    ["malformed JSON", "{name:"],
    ["an array", "[]"],
    ["a string", '"x"'],
    ["bad UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])("answers 400 for %s", async (_why, body) => {
    const res = await api("/api/v1/addresses", { method: "POST", body: body as BodyInit });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("invalid_json");
  });

  it("answers 400 for unknown fields and 413 for a huge body", async () => {
    expect((await post(JSON.stringify({ nme: "typo" }))).status).toBe(400);
    const huge = await post(JSON.stringify({ name: "x".repeat(20_000) }));
    expect(huge.status).toBe(413);
  });

  it("keeps a deleted name in quarantine: nobody can claim it while mail may still arrive", async () => {
    const { address, token } = await claim("quarantined");
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    const again = await post(JSON.stringify({ name: "quarantined" }));
    expect(again.status).toBe(409);
    expect((await again.json<{ error: { message: string } }>()).error.message).toMatch(/recently deleted/);
  });
});

describe("routing", () => {
  it("answers unknown API routes with a JSON 404 and preflights with CORS", async () => {
    const res = await api("/api/v1/nope");
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
    const pre = await api("/api/v1/addresses", { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
  });
});

describe("creation limit", () => {
  it("refuses a client past ADDRESS_CREATE_LIMIT per window with 429 and Retry-After, others unaffected", async () => {
    const from = { "cf-connecting-ip": "198.51.100.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await api("/api/v1/addresses", { method: "POST", body: "{}", headers: from })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
    const refused = await api("/api/v1/addresses", { method: "POST", body: "{}", headers: from });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await refused.json<{ error: { code: string } }>()).error.code).toBe("rate_limited");
    const other = await api("/api/v1/addresses", { method: "POST", body: "{}", headers: { "cf-connecting-ip": "198.51.100.8" } });
    expect(other.status).toBe(201);
  });

  it("lets the client in again once its window has passed", async () => {
    // A 1 s window (the deployment's is 60 s) so the test can wait it out.
    const shortWindow = { ...env, ADDRESS_CREATE_LIMIT: "2", ADDRESS_CREATE_WINDOW_SECONDS: "1" };
    const ip = `198.51.100.${20 + Math.floor(Math.random() * 200)}:${crypto.randomUUID()}`;
    const create = () =>
      worker.fetch!(
        new Request(`${BASE}/api/v1/addresses`, { method: "POST", body: "{}", headers: { "cf-connecting-ip": ip } }) as never,
        shortWindow as never,
        createExecutionContext(),
      );
    expect([(await create()).status, (await create()).status, (await create()).status]).toEqual([201, 201, 429]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(429);
  });
});
