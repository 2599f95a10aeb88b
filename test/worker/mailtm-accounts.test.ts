// Contract: mail.tm domains, accounts and tokens, including every error mail.tm gives.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { issueToken } from "../../src/auth";
import type { Env } from "../../src/env";
import { api, auth, claim, DOMAIN } from "./helpers";
import { mt, mtAccount } from "./mailtm-helpers";

const HEX24 = /^[0-9a-f]{24}$/;

describe("mail.tm domains", () => {
  it("lists the configured domains as plain JSON for Accept: application/json", async () => {
    const res = await mt("/domains?page=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toEqual({
      id: expect.stringMatching(HEX24),
      domain: DOMAIN,
      isActive: true,
      isPrivate: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it("answers a hydra collection by default (JSON-LD)", async () => {
    const res = await mt("/domains", { accept: "" });
    expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    expect(res.body["@type"]).toBe("hydra:Collection");
    expect(res.body["hydra:totalItems"]).toBe(1);
    const d = res.body["hydra:member"][0];
    expect(d["@id"]).toBe(`/domains/${d.id}`);
    expect(d["@type"]).toBe("Domain");
  });

  it("gets one domain by id, and 404s an unknown one", async () => {
    const [d] = (await mt("/domains")).body;
    const one = await mt(`/domains/${d.id}`);
    expect(one.status).toBe(200);
    expect(one.body.domain).toBe(DOMAIN);
    const none = await mt("/domains/000000000000000000000000");
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ type: expect.any(String), title: "An error occurred", detail: "Not Found" });
    const ld = await mt("/domains/000000000000000000000000", { accept: "application/ld+json" });
    expect(ld.body).toMatchObject({ "@type": "hydra:Error", "hydra:description": "Not Found" });
  });
});

describe("mail.tm accounts", () => {
  it("registers an account (201, Account shape) and logs in for {id, token}", async () => {
    const address = `reg${Date.now().toString(36)}@${DOMAIN}`;
    const created = await mt("/accounts", { method: "POST", body: { address, password: "s3cret-pass" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(HEX24),
      address,
      quota: expect.any(Number),
      used: 0,
      isDisabled: false,
      isDeleted: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const token = await mt("/token", { method: "POST", body: { address, password: "s3cret-pass" } });
    expect(token.status).toBe(200);
    expect(token.body).toEqual({ id: created.body.id, token: expect.any(String) });
    const me = await mt("/me", { token: token.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(created.body);
    const byId = await mt(`/accounts/${created.body.id}`, { token: token.body.token, accept: "application/ld+json" });
    expect(byId.body).toMatchObject({ "@type": "Account", "@id": `/accounts/${created.body.id}`, address });
  });

  it("refuses bad registrations with 422 violations", async () => {
    const blank = await mt("/accounts", { method: "POST", body: {} });
    expect(blank.status).toBe(422);
    expect(blank.body.violations).toEqual([
      { propertyPath: "address", message: "This value should not be blank." },
      { propertyPath: "password", message: "This value should not be blank." },
    ]);
    const domain = await mt("/accounts", { method: "POST", body: { address: "someone@elsewhere.example", password: "long enough" } });
    expect(domain.status).toBe(422);
    expect(domain.body.violations[0]).toEqual({ propertyPath: "address", message: 'The domain "elsewhere.example" is not valid.' });
    const short = await mt("/accounts", { method: "POST", body: { address: `shortpw@${DOMAIN}`, password: "abc" } });
    expect(short.status).toBe(422);
    expect(short.body.violations[0].propertyPath).toBe("password");
    const ld = await mt("/accounts", { method: "POST", body: { address: "x" }, accept: "application/ld+json" });
    expect(ld.body["@type"]).toBe("ConstraintViolationList");
    expect(ld.body["hydra:description"]).toContain("address: This value is not a valid email address.");
  });

  it("refuses a taken address with 422 'already used'", async () => {
    const a = await mtAccount();
    const again = await mt("/accounts", { method: "POST", body: { address: a.address, password: "another pass" } });
    expect(again.status).toBe(422);
    expect(again.body.violations).toEqual([{ propertyPath: "address", message: "This value is already used." }]);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await api("/mailtm/accounts", { method: "POST", headers: { accept: "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
  });

  it("refuses a wrong password, an unknown address and missing keys on /token", async () => {
    const a = await mtAccount();
    const wrong = await mt("/token", { method: "POST", body: { address: a.address, password: "not it at all" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 401, message: "Invalid credentials." });
    const unknown = await mt("/token", { method: "POST", body: { address: `nobody-here@${DOMAIN}`, password: "whatever1" } });
    expect(unknown.body).toEqual({ code: 401, message: "Invalid credentials." });
    const missing = await mt("/token", { method: "POST", body: { address: a.address } });
    expect(missing.status).toBe(400);
  });

  it("needs a token, and a valid one, for /me", async () => {
    expect((await mt("/me")).body).toEqual({ code: 401, message: "JWT Token not found" });
    expect((await mt("/me", { token: "not.a.jwt" })).body).toEqual({ code: 401, message: "Invalid JWT Token" });
    const a = await mtAccount();
    const me = await mt("/me", { token: a.token });
    const expired = await issueToken(env as unknown as Env, { address: a.address, epoch: "x", mailboxId: "x" }, Date.now() - 60_000);
    expect((await mt("/me", { token: expired })).body).toEqual({ code: 401, message: "Expired JWT Token" });
    expect(me.status).toBe(200);
  });

  it("lets a token see only its own account", async () => {
    const a = await mtAccount();
    const b = await mtAccount();
    const other = await mt(`/accounts/${b.id}`, { token: a.token });
    expect(other.status).toBe(404);
    const del = await mt(`/accounts/${b.id}`, { method: "DELETE", token: a.token });
    expect(del.status).toBe(404);
    expect((await mt("/me", { token: b.token })).status).toBe(200);
  });

  it("deletes its own account: the token dies and a recreated name has a new id", async () => {
    const a = await mtAccount();
    const del = await mt(`/accounts/${a.id}`, { method: "DELETE", token: a.token });
    expect(del.status).toBe(204);
    const me = await mt("/me", { token: a.token });
    expect(me.status).toBe(401);
    expect(me.body).toEqual({ code: 401, message: "Invalid JWT Token" });
    const login = await mt("/token", { method: "POST", body: { address: a.address, password: a.password } });
    expect(login.status).toBe(401);
  });

  it("accepts a v1 credential (same JWT) and gives v1 addresses an account id", async () => {
    const { address, token } = await claim();
    const me = await mt("/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.address).toBe(address);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ count: number }>();
    expect(meta.count).toBe(0);
  });

  it("answers a known path with the wrong method with 405", async () => {
    const getToken = await mt("/token");
    expect(getToken.status).toBe(405);
    expect(getToken.body.detail).toBe("Method Not Allowed");
    expect((await mt("/messages", { method: "POST", body: {} })).status).toBe(405);
  });

  it("answers unknown routes under /mailtm with mail.tm's 404", async () => {
    const res = await mt("/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Not Found");
  });
});

describe("mail.tm login throttling", () => {
  it("slows repeated wrong passwords with 429 + Retry-After, even for the right password", async () => {
    const a = await mtAccount();
    for (let i = 0; i < 5; i++) {
      const res = await mt("/token", { method: "POST", body: { address: a.address, password: `wrong-${i}-guess` } });
      expect(res.status).toBe(401);
    }
    const slowed = await mt("/token", { method: "POST", body: { address: a.address, password: a.password } });
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(slowed.body.code).toBe(429);
    // v1 shares the same counter: it is the address that is protected.
    const v1 = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address: a.address, password: a.password }) });
    expect(v1.status).toBe(429);
    expect(v1.headers.get("retry-after")).not.toBeNull();
    expect((await v1.json<any>()).error.code).toBe("rate_limited");
  });
});
