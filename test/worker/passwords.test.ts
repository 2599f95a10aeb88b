// Passwords on v1 addresses, the token exchange, the throttle's arithmetic,
// what the Mailbox stores, and migrations landing out of number order.

import { runInDurableObject } from "cloudflare:test";
import { env as workerEnv } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "../../objects/mailbox/accounts";
import { afterFailure, FRESH, retryAfterSeconds } from "../../objects/mailbox/login-throttle";
import { MAILBOX_MIGRATIONS, migrate } from "../../objects/mailbox/migrate";
import type { LoginPolicy } from "../../src/contract/config";
import type { Env } from "../../src/env";
import { api, auth, claim, DOMAIN } from "./helpers";

const env = workerEnv as unknown as Env;

async function post(path: string, body: unknown, init: RequestInit = {}) {
  const res = await api(path, { ...init, method: "POST", body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: res.status === 204 ? null : await res.json<any>() };
}

async function setPassword(address: string, token: string, password: unknown) {
  const res = await api(`/api/v1/mailboxes/${address}/password`, auth(token, { method: "PUT", body: JSON.stringify({ password }) }));
  return { status: res.status, body: res.status === 204 ? null : await res.json<any>() };
}

describe("v1 passwords and tokens", () => {
  it("sets a password with the owner credential and exchanges it for a fresh, working credential", async () => {
    const { address, token } = await claim();
    expect((await setPassword(address, token, "open sesame")).status).toBe(204);
    const fresh = await post("/api/v1/tokens", { address, password: "open sesame" });
    expect(fresh.status).toBe(201);
    expect(fresh.body).toEqual({ address, token: expect.any(String), expiresAt: expect.any(String) });
    const meta = await api(`/api/v1/mailboxes/${address}`, auth(fresh.body.token));
    expect(meta.status).toBe(200);
  });

  it("takes a password at creation", async () => {
    const created = await post("/api/v1/addresses", { name: `pw${Date.now().toString(36)}`, password: "chosen at birth" });
    expect(created.status).toBe(201);
    const fresh = await post("/api/v1/tokens", { address: created.body.address.toUpperCase(), password: "chosen at birth" });
    expect(fresh.status).toBe(201);
    expect(fresh.body.address).toBe(created.body.address);
  });

  it("refuses wrong passwords, unknown addresses, passwordless addresses, and bad bodies", async () => {
    const { address, token } = await claim();
    const noPassword = await post("/api/v1/tokens", { address, password: "anything at all" });
    expect(noPassword.status).toBe(401);
    await setPassword(address, token, "the real one");
    const wrong = await post("/api/v1/tokens", { address, password: "not the real one" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
    expect((await post("/api/v1/tokens", { address: `ghost@${DOMAIN}`, password: "the real one" })).status).toBe(401);
    expect((await post("/api/v1/tokens", { address: "not an address", password: "the real one" })).status).toBe(401);
    expect((await post("/api/v1/tokens", { address })).status).toBe(400);
    const extra = await post("/api/v1/tokens", { address, password: "the real one", remember: true });
    expect([extra.status, extra.body.error.message]).toEqual([400, "Unknown field 'remember'."]);
    expect((await setPassword(address, token, "short")).status).toBe(400);
    expect((await setPassword(address, token, 12345678)).status).toBe(400);
  });

  it("lets only the owner set the password", async () => {
    const a = await claim();
    const b = await claim();
    expect((await setPassword(a.address, b.token, "hijack attempt")).status).toBe(403);
    const res = await api(`/api/v1/mailboxes/${a.address}/password`, {
      method: "PUT",
      body: JSON.stringify({ password: "no token here" }),
    });
    expect(res.status).toBe(401);
  });

  it("stores only a salted PBKDF2 hash, never the password", async () => {
    const { address, token } = await claim();
    await setPassword(address, token, "plain text never");
    const row = await runInDurableObject(env.MAILBOX.getByName(address), (_o, state) =>
      state.storage.sql
        .exec<{ algorithm: string; iterations: number; salt: ArrayBuffer; hash: ArrayBuffer }>("SELECT * FROM password")
        .one(),
    );
    expect(row.algorithm).toBe("pbkdf2-sha256");
    expect(row.iterations).toBeGreaterThanOrEqual(100_000);
    expect(row.salt.byteLength).toBe(16);
    expect(row.hash.byteLength).toBe(32);
    expect(new TextDecoder().decode(row.hash)).not.toContain("plain text never");
    // Same password on another address: different salt, different hash.
    const other = await claim();
    await setPassword(other.address, other.token, "plain text never");
    const row2 = await runInDurableObject(env.MAILBOX.getByName(other.address), (_o, state) =>
      state.storage.sql.exec<{ salt: ArrayBuffer; hash: ArrayBuffer }>("SELECT salt, hash FROM password").one(),
    );
    expect(constantTimeEqual(new Uint8Array(row.hash), new Uint8Array(row2.hash))).toBe(false);
  });

  it("a password does not survive the mailbox: destroyed, the address logs in no more", async () => {
    const { address, token } = await claim();
    await setPassword(address, token, "short lived pw");
    await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }));
    expect((await post("/api/v1/tokens", { address, password: "short lived pw" })).status).toBe(401);
  });
});

describe("login throttle", () => {
  const policy: LoginPolicy = { slowAfter: 3, lockAfter: 6, lockSeconds: 600, maxDelaySeconds: 60 };

  it("lets the first failures through at full speed, then doubles the wait", () => {
    let s = FRESH;
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(retryAfterSeconds(s, policy, t0)).toBe(0);
      s = afterFailure(s, policy, t0);
    }
    expect(retryAfterSeconds(s, policy, t0)).toBe(1);
    expect(retryAfterSeconds(s, policy, t0 + 1000)).toBe(0);
    s = afterFailure(s, policy, t0 + 1000);
    expect(retryAfterSeconds(s, policy, t0 + 1000)).toBe(2);
    s = afterFailure(s, policy, t0 + 3000);
    expect(retryAfterSeconds(s, policy, t0 + 3000)).toBe(4);
  });

  it("locks the address after lockAfter failures, and slows again after the lock", () => {
    let s = FRESH;
    let t = 0;
    for (let i = 0; i < 6; i++) {
      t += 100_000;
      s = afterFailure(s, policy, t);
    }
    expect(retryAfterSeconds(s, policy, t)).toBe(600);
    expect(retryAfterSeconds(s, policy, t + 599_000)).toBe(1);
    expect(retryAfterSeconds(s, policy, t + 600_000)).toBe(0);
    s = afterFailure(s, policy, t + 600_000);
    expect(retryAfterSeconds(s, policy, t + 600_000)).toBeGreaterThanOrEqual(2);
  });

  it("caps the wait and forgives failures after a long quiet spell", () => {
    const slowed = { failures: 5, lastFailureAt: 5_000, lockedUntil: 0 };
    expect(retryAfterSeconds(slowed, { ...policy, lockAfter: 100, maxDelaySeconds: 3 }, 5_000)).toBe(3);
    const later = afterFailure(slowed, policy, 5_000 + 601_000);
    expect(later.failures).toBe(1);
  });

  it("compares keys in constant time and rejects different lengths", () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});

describe("mailbox migrations", () => {
  it("applies a lower-numbered migration that lands after a higher one, once", async () => {
    const stub = env.MAILBOX.getByName(`migrations@${DOMAIN}`);
    const versions = await runInDurableObject(stub, (_o, state) => {
      const sql = state.storage.sql;
      migrate(sql, [
        { version: 1001, sql: "CREATE TABLE t1001 (x)" },
        { version: 1003, sql: "CREATE TABLE t1003 (x)" },
      ]);
      // Later, a merge adds 1002: it must still run, and nothing runs twice.
      migrate(sql, [
        { version: 1001, sql: "CREATE TABLE t1001 (x)" },
        { version: 1002, sql: "CREATE TABLE t1002 (x)" },
        { version: 1003, sql: "CREATE TABLE t1003 (x)" },
      ]);
      return sql
        .exec<{ version: number }>("SELECT version FROM schema_version ORDER BY version")
        .toArray()
        .map((r) => r.version);
    });
    // The name was never claimed, so none of the mailbox's own migrations ran on it.
    expect(versions).toEqual([1001, 1002, 1003]);
    expect(MAILBOX_MIGRATIONS.length).toBeGreaterThan(0);
  });
});
