// API keys in workerd with a real D1: made with a session and shown once,
// stored only as a hash, listed without the secret, revoked at once; a key
// creates addresses that belong to its user (a deployment key's to nobody) and
// opens only those, within its scopes; a disabled user's keys stop at once.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuditList, OwnedAddressList } from "../../src/contract/accounts";
import type { ApiKeyList, ApiKeyStatus } from "../../src/contract/agents";
import type { MessageList } from "../../src/contract/wire";
import { keyById, LAST_USED_GRAIN_MS, noteKeyUse } from "../../src/directory/api-keys";
import { adminToken, apiWith, bearer, PASSWORD, send, signUp, username } from "./directory-helpers";
import { api, claim, deliver, rawMessage } from "./helpers";
import { keyAddress, makeKey } from "./key-helpers";

async function codeOf(res: Response): Promise<[number, string]> {
  const body = await res.json<{ error?: { code: string } }>();
  return [res.status, body.error?.code ?? "ok"];
}

describe("making, listing and revoking keys", () => {
  it("shows a ph_ key once, keeps only its SHA-256, and lists it by name, hint and scopes", async () => {
    const user = await signUp();
    const made = await makeKey(user.token, { name: "  signup bot  ", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(made.key).toMatch(/^ph_[0-9A-Za-z]{42}$/);
    const stored = await env.DIRECTORY.prepare("SELECT * FROM api_keys WHERE id = ?").bind(made.id).first<Record<string, unknown>>();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(made.key)));
    expect(stored?.hash).toBe(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
    expect(JSON.stringify(stored)).not.toContain(made.key.slice(3, 20));
    const list = await (await api("/api/v1/keys", bearer(user.token))).json<ApiKeyList>();
    expect(list.limit).toBe(10);
    expect(list.keys).toEqual([
      expect.objectContaining({
        id: made.id,
        name: "signup bot",
        hint: made.key.slice(-4),
        user: true,
        scopes: ["addresses:create", "addresses:read", "send"],
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(made.key);
    // Another user sees none of it, and cannot revoke it.
    const other = await signUp();
    expect((await (await api("/api/v1/keys", bearer(other.token))).json<ApiKeyList>()).keys).toEqual([]);
    expect(await codeOf(await api(`/api/v1/keys/${made.id}`, bearer(other.token, "DELETE")))).toEqual([404, "not_found"]);
  });

  it("refuses bad input, keys that manage keys, and an account past its key limit", async () => {
    const user = await signUp();
    const cases: [unknown, [number, string]][] = [
      [{}, [400, "bad_request"]],
      [{ name: "x".repeat(65) }, [400, "bad_request"]],
      [{ name: "a", scopes: ["addresses:create", "admin"] }, [400, "bad_request"]],
      [{ name: "a", scopes: "send" }, [400, "bad_request"]],
      [{ name: "a", expiresAt: "tomorrow" }, [400, "bad_request"]],
      [{ name: "a", expiresAt: new Date(Date.now() - 1000).toISOString() }, [400, "bad_request"]],
      [{ name: "a", owner: "someone" }, [400, "bad_request"]],
    ];
    for (const [body, want] of cases)
      expect(await codeOf(await api("/api/v1/keys", send(body, { token: user.token }))), JSON.stringify(body)).toEqual(want);
    const { key } = await makeKey(user.token, { name: "only send", scopes: ["send", "send"] });
    expect(await codeOf(await api("/api/v1/keys", send({ name: "child" }, { token: key })))).toEqual([403, "forbidden"]);
    expect(await codeOf(await api("/api/v1/keys", bearer(key)))).toEqual([403, "forbidden"]);
    const { token: addressToken } = await claim();
    expect(await codeOf(await api("/api/v1/keys", send({ name: "x" }, { token: addressToken })))).toEqual([403, "forbidden"]);
    expect(await codeOf(await api("/api/v1/keys", send({ name: "x" })))).toEqual([401, "unauthorized"]);
    const few = await signUp();
    for (let i = 0; i < 2; i++) {
      expect((await apiWith({ API_KEYS_PER_USER: "2" }, "/api/v1/keys", send({ name: `k${i}` }, { token: few.token }))).status).toBe(201);
    }
    expect(await codeOf(await apiWith({ API_KEYS_PER_USER: "2" }, "/api/v1/keys", send({ name: "k3" }, { token: few.token })))).toEqual([
      403,
      "limit_reached",
    ]);
  });

  it("stops a key at once when it is revoked, expires, or its user is disabled; a mistyped key never reaches the directory", async () => {
    const user = await signUp();
    const made = await makeKey(user.token);
    const me = () => api("/api/v1/keys/me", bearer(made.key));
    expect((await me()).status).toBe(200);
    const admin = await adminToken();
    expect((await api(`/api/v1/admin/users/${user.user.id}/disable`, send({}, { token: admin }))).status).toBe(200);
    expect(await codeOf(await me())).toEqual([401, "unauthorized"]);
    expect((await api(`/api/v1/admin/users/${user.user.id}/enable`, send({}, { token: admin }))).status).toBe(200);
    // The key is back with its user; the user's sessions ended with the disabling and stay ended.
    expect((await me()).status).toBe(200);
    expect(await codeOf(await api("/api/v1/users/me", bearer(user.token)))).toEqual([401, "unauthorized"]);
    const signedIn = await api("/api/v1/users/session", send({ username: user.user.username, password: PASSWORD }));
    const session = (await signedIn.json<{ token: string }>()).token;
    await env.DIRECTORY.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, made.id)
      .run();
    expect(await codeOf(await me())).toEqual([401, "unauthorized"]);
    await env.DIRECTORY.prepare("UPDATE api_keys SET expires_at = NULL WHERE id = ?").bind(made.id).run();
    expect((await api(`/api/v1/keys/${made.id}`, bearer(session, "DELETE"))).status).toBe(204);
    expect(await codeOf(await me())).toEqual([401, "unauthorized"]);
    expect(await codeOf(await api(`/api/v1/keys/${made.id}`, bearer(session, "DELETE")))).toEqual([404, "not_found"]);
    // One character changed: the checksum no longer holds.
    const live = (await makeKey(session)).key;
    const typo = live.slice(0, 10) + (live[10] === "a" ? "b" : "a") + live.slice(11);
    expect(await codeOf(await api("/api/v1/keys/me", bearer(typo)))).toEqual([401, "unauthorized"]);
    expect(await codeOf(await api("/api/v1/keys/me", bearer("ph_short")))).toEqual([401, "unauthorized"]);
  });
});

describe("when a key was last used", () => {
  const storedUse = async (id: string) =>
    (await env.DIRECTORY.prepare("SELECT last_used_at AS at FROM api_keys WHERE id = ?").bind(id).first<{ at: number | null }>())?.at ??
    null;
  /** The write happens after the answer (waitUntil), so it is waited for, within a wide bound. */
  async function settledUse(id: string): Promise<number | null> {
    for (let i = 0; i < 100 && (await storedUse(id)) === null; i++) await new Promise((r) => setTimeout(r, 50));
    return storedUse(id);
  }

  it("is null for a fresh key, set by its first request, and not written again within the minute", async () => {
    const user = await signUp();
    const made = await makeKey(user.token);
    const listed = async () => (await (await api("/api/v1/keys", bearer(user.token))).json<ApiKeyList>()).keys[0];
    expect((await listed()).lastUsedAt).toBeNull();
    const before = Date.now();
    const first = await api("/api/v1/keys/me", bearer(made.key));
    expect(first.status).toBe(200);
    const at = await settledUse(made.id);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect((await listed()).lastUsedAt).toBe(new Date(at as number).toISOString());
    await new Promise((r) => setTimeout(r, 20));
    const again = await api("/api/v1/keys/me", bearer(made.key));
    expect((await again.json<ApiKeyStatus>()).key.lastUsedAt).toBe(new Date(at as number).toISOString());
    await new Promise((r) => setTimeout(r, 300));
    expect(await storedUse(made.id)).toBe(at);
  });

  it("writes at most once a minute even when two requests both saw the key unused", async () => {
    const user = await signUp();
    const made = await makeKey(user.token);
    const row = await keyById(env, made.id);
    if (!row) throw new Error("key not stored");
    const t = Date.now();
    await noteKeyUse(env, row, t);
    // A second request that read the row before the first write: the UPDATE's own condition stops it.
    await noteKeyUse(env, row, t + LAST_USED_GRAIN_MS - 1);
    expect(await storedUse(made.id)).toBe(t);
    await noteKeyUse(env, row, t + LAST_USED_GRAIN_MS + 1);
    expect(await storedUse(made.id)).toBe(t + LAST_USED_GRAIN_MS + 1);
  });
});

describe("what a key opens", () => {
  it("creates addresses owned by its user, and opens those (not others, not its user's own) within its scopes", async () => {
    const user = await signUp();
    const { key } = await makeKey(user.token);
    const made = await keyAddress(key, { name: `agent-${crypto.randomUUID().slice(0, 8)}` });
    expect(Object.keys(made).sort()).toEqual(["address", "expiresAt", "keyId"]);
    const owned = await (await api("/api/v1/users/me/addresses", bearer(user.token))).json<OwnedAddressList>();
    expect(owned.addresses.map((a) => a.address)).toContain(made.address);
    await deliver(made.address, rawMessage({ to: made.address, subject: "Your code", body: "Your verification code is 482913." }));
    const list = await (await api(`/api/v1/mailboxes/${made.address}/messages`, bearer(key))).json<MessageList>();
    expect(list.messages.map((m) => m.codes)).toEqual([[{ kind: "code", value: "482913" }]]);
    // Its user's own address, another user's key's address, an anonymous one: not this key's.
    const mine = await (await api("/api/v1/users/me/addresses", send({}, { token: user.token }))).json<{ address: string }>();
    const stranger = await keyAddress((await makeKey((await signUp()).token)).key);
    const anonymous = await claim();
    for (const address of [mine.address, stranger.address, anonymous.address]) {
      expect(await codeOf(await api(`/api/v1/mailboxes/${address}/messages`, bearer(key))), address).toEqual([403, "forbidden"]);
    }
    // Routes outside the key's table are closed to it, whatever its scopes.
    for (const [method, path] of [
      ["GET", "/api/v1/users/me"],
      ["GET", `/api/v1/mailboxes/${made.address}/webhooks`],
      ["PUT", `/api/v1/mailboxes/${made.address}/expiry`],
      ["GET", "/api/v1/admin/stats"],
    ]) {
      const init = method === "GET" ? bearer(key) : send({}, { method, token: key });
      expect(await codeOf(await api(path, init)), `${method} ${path}`).toEqual([403, "forbidden"]);
    }
    // Released from the account, the address is no longer the key's to open.
    expect((await api(`/api/v1/users/me/addresses/${made.address}`, bearer(user.token, "DELETE"))).status).toBe(204);
    expect(await codeOf(await api(`/api/v1/mailboxes/${made.address}`, bearer(key)))).toEqual([403, "forbidden"]);
  });

  it("enforces scopes route by route", async () => {
    const user = await signUp();
    const full = (await makeKey(user.token)).key;
    const createOnly = (await makeKey(user.token, { name: "create", scopes: ["addresses:create"] })).key;
    const readOnly = (await makeKey(user.token, { name: "read", scopes: ["addresses:read"] })).key;
    expect(await codeOf(await api("/api/v1/addresses", send({}, { token: readOnly })))).toEqual([403, "forbidden"]);
    const a = await keyAddress(createOnly);
    expect(await codeOf(await api(`/api/v1/mailboxes/${a.address}/messages`, bearer(createOnly)))).toEqual([403, "forbidden"]);
    const sendBody = { to: ["someone@example.com"], subject: "hi", text: "hello" };
    expect(await codeOf(await api(`/api/v1/mailboxes/${a.address}/send`, send(sendBody, { token: createOnly })))).toEqual([
      403,
      "forbidden",
    ]);
    expect((await api(`/api/v1/mailboxes/${a.address}`, bearer(createOnly, "DELETE"))).status).toBe(204);
    // The full key may send from what it created.
    const b = await keyAddress(full);
    expect((await api(`/api/v1/mailboxes/${b.address}/send`, send(sendBody, { token: full }))).status).toBe(202);
    expect(await codeOf(await api("/api/v1/addresses", send({ password: "a password of its own" }, { token: full })))).toEqual([
      400,
      "bad_request",
    ]);
  });

  it("makes deployment keys for the admin (audited): their addresses belong to nobody, and only that key opens them", async () => {
    const admin = await adminToken();
    const made = await makeKey(admin, { name: "deploy", scopes: ["addresses:create", "addresses:read"] });
    const a = await keyAddress(made.key);
    const row = await env.DIRECTORY.prepare("SELECT * FROM api_keys WHERE id = ?").bind(made.id).first<{ user_id: string | null }>();
    expect(row?.user_id).toBeNull();
    expect((await api(`/api/v1/mailboxes/${a.address}`, bearer(made.key))).status).toBe(200);
    const other = await makeKey(admin, { name: "deploy 2" });
    expect(await codeOf(await api(`/api/v1/mailboxes/${a.address}`, bearer(other.key)))).toEqual([403, "forbidden"]);
    const listed = await (await api("/api/v1/keys", bearer(admin))).json<ApiKeyList>();
    expect(listed.keys.find((k) => k.id === made.id)).toMatchObject({ user: false, scopes: ["addresses:create", "addresses:read"] });
    // The admin may revoke a user's key too.
    const user = await signUp();
    const userKey = await makeKey(user.token);
    expect((await api(`/api/v1/keys/${userKey.id}`, bearer(admin, "DELETE"))).status).toBe(204);
    expect((await api(`/api/v1/keys/${made.id}`, bearer(admin, "DELETE"))).status).toBe(204);
    const audit = await (await api("/api/v1/admin/audit?limit=20", bearer(admin))).json<AuditList>();
    const actions = audit.entries.filter((e) => [made.id, userKey.id].includes(e.target ?? "")).map((e) => `${e.action} ${e.target}`);
    expect(actions).toEqual([`key.revoke ${made.id}`, `key.revoke ${userKey.id}`, `key.create ${made.id}`]);
  });
});

describe("a key's own quotas", () => {
  it("passes a private site and Turnstile, creates within API_KEY_CREATE_LIMIT, then 429 with Retry-After; /keys/me says what is left", async () => {
    const vars = {
      SITE_PASSWORD: "private site",
      TURNSTILE_SECRET: "turnstile",
      API_KEY_CREATE_LIMIT: "3",
      API_KEY_CREATE_WINDOW_SECONDS: "600",
    };
    const admin = await adminToken();
    const { key } = await makeKey(admin, { name: "script" });
    expect(await codeOf(await apiWith(vars, "/api/v1/addresses", send({})))).toEqual([401, "site_password_required"]);
    const gated = await apiWith(vars, "/api/v1/addresses", send({}, { headers: { "x-site-password": "private site" } }));
    expect(await codeOf(gated)).toEqual([403, "turnstile_failed"]);
    for (let i = 0; i < 3; i++) expect((await apiWith(vars, "/api/v1/addresses", send({}, { token: key }))).status).toBe(201);
    const past = await apiWith(vars, "/api/v1/addresses", send({}, { token: key }));
    expect(await codeOf(past.clone())).toEqual([429, "rate_limited"]);
    const retry = Number(past.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(500);
    expect(retry).toBeLessThanOrEqual(600);
    const status = await (await apiWith(vars, "/api/v1/keys/me", bearer(key))).json<ApiKeyStatus>();
    expect(status.creations).toMatchObject({ limit: 3, remaining: 0, windowSeconds: 600 });
    expect(status.requests.limit).toBe(600);
    expect(status.key.name).toBe("script");
    // A wrong key is 401 even on a private site (not a prompt for the site password).
    expect(await codeOf(await apiWith(vars, "/api/v1/keys/me", bearer(`${key.slice(0, -1)}x`)))).toEqual([401, "unauthorized"]);
    // It opens the site only where keys may go: elsewhere its holder could guess passwords without the site's.
    const closedToKeys: [string, Record<string, unknown>][] = [
      ["/api/v1/tokens", { address: "a@pigeonhole.test", password: "a guess at it" }],
      ["/api/v1/users", { username: username(), password: PASSWORD }],
      ["/api/v1/users/session", { username: "someone", password: "a guess at it" }],
      ["/api/v1/admin/session", { password: "a guess at it" }],
      ["/api/v1/users/passkey/options", {}],
    ];
    for (const [path, body] of closedToKeys) {
      expect(await codeOf(await apiWith(vars, path, send(body, { token: key }))), path).toEqual([401, "site_password_required"]);
    }
  });

  it("counts every request against API_KEY_REQUEST_LIMIT", async () => {
    const vars = { API_KEY_REQUEST_LIMIT: "4", API_KEY_REQUEST_WINDOW_SECONDS: "60" };
    const { key } = await makeKey((await signUp()).token);
    const a = await keyAddress(key);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await apiWith(vars, `/api/v1/mailboxes/${a.address}/messages`, bearer(key))).status);
    // The creation above was the first request of the window.
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await apiWith(vars, "/api/v1/keys/me", bearer(key));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
