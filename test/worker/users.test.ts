// User accounts in workerd with a real D1: signing up and in, the account's
// own lifecycle (password, sessions, deletion), and its addresses (create,
// adopt by credential, release, open with the session alone, never another's).
import { describe, expect, it } from "vitest";
import type { OwnedAddressList, SessionList, UserInfo, UserSession } from "../../src/contract/accounts";
import type { CreateAddressResponse, MailboxMeta } from "../../src/contract/wire";
import { apiWith, bearer, directoryRow, PASSWORD, send, signUp, syncDirectory, username } from "./directory-helpers";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";

const NEVER = "9999-12-31T23:59:59.999Z";

async function codeOf(res: Response): Promise<[number, string]> {
  const body = await res.json<{ error?: { code: string } }>();
  return [res.status, body.error?.code ?? "ok"];
}

async function owned(token: string): Promise<string[]> {
  return (await (await api("/api/v1/users/me/addresses", bearer(token))).json<OwnedAddressList>()).addresses.map((a) => a.address);
}

async function newOwned(token: string, name?: string): Promise<CreateAddressResponse> {
  const res = await api("/api/v1/users/me/addresses", send(name ? { name } : {}, { token }));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json<CreateAddressResponse>();
}

describe("signing up and in", () => {
  it("signs up with a username and password, and signs in again with them", async () => {
    const name = username("Alice");
    const res = await api("/api/v1/users", send({ username: `  ${name.toUpperCase()} `, password: PASSWORD }));
    expect(res.status).toBe(201);
    const session = await res.json<UserSession>();
    expect(session.user).toMatchObject({ username: name.toLowerCase(), disabled: false, hasPassword: true, passkeys: 0 });
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await (await api("/api/v1/users/me", bearer(session.token))).json<UserInfo>()).toEqual(session.user);
    const again = await api("/api/v1/users/session", send({ username: name, password: PASSWORD }));
    expect(again.status).toBe(201);
    expect((await again.json<UserSession>()).user.id).toBe(session.user.id);
    expect(await codeOf(await api("/api/v1/users/session", send({ username: name, password: "not it at all" })))).toEqual([
      401,
      "unauthorized",
    ]);
    expect(await codeOf(await api("/api/v1/users/session", send({ username: "no-such-user", password: PASSWORD })))).toEqual([
      401,
      "unauthorized",
    ]);
  });

  it("refuses bad input, a taken name, and sign-up while registration is closed (404 everywhere while off)", async () => {
    const taken = (await signUp()).user.username;
    const cases: [unknown, [number, string]][] = [
      [{ username: "ab", password: PASSWORD }, [400, "bad_request"]],
      [{ username: "has space", password: PASSWORD }, [400, "bad_request"]],
      [{ username: 7, password: PASSWORD }, [400, "bad_request"]],
      [{ username: username(), password: "short" }, [400, "bad_request"]],
      [{ username: username(), password: PASSWORD, admin: true }, [400, "bad_request"]],
      [{ username: taken.toUpperCase(), password: PASSWORD }, [409, "username_taken"]],
    ];
    for (const [body, want] of cases) expect(await codeOf(await api("/api/v1/users", send(body))), JSON.stringify(body)).toEqual(want);
    expect(await codeOf(await api("/api/v1/users", { method: "POST", body: "{not json" }))).toEqual([400, "invalid_json"]);
    expect(
      await codeOf(await apiWith({ USER_REGISTRATION: "closed" }, "/api/v1/users", send({ username: username(), password: PASSWORD }))),
    ).toEqual([403, "registration_closed"]);
    // Closed still lets existing users in.
    expect(
      (await apiWith({ USER_REGISTRATION: "closed" }, "/api/v1/users/session", send({ username: taken, password: PASSWORD }))).status,
    ).toBe(201);
    for (const path of ["/api/v1/users", "/api/v1/users/session", "/api/v1/users/me", "/api/v1/users/me/addresses"]) {
      expect(await codeOf(await apiWith({ USER_REGISTRATION: "off" }, path, send({})))).toEqual([404, "not_found"]);
    }
  });

  it("answers 401 without a session and 403 with an address's credential", async () => {
    const { token } = await claim();
    for (const path of ["/api/v1/users/me", "/api/v1/users/me/addresses", "/api/v1/users/me/sessions", "/api/v1/users/me/passkeys"]) {
      expect(await codeOf(await api(path)), path).toEqual([401, "unauthorized"]);
      expect(await codeOf(await api(path, bearer(token))), path).toEqual([403, "forbidden"]);
    }
  });
});

describe("the account's own lifecycle", () => {
  it("signs out, lists sessions, and revokes one (only its own)", async () => {
    const first = await signUp();
    const second = await (
      await api(
        "/api/v1/users/session",
        send({ username: first.user.username, password: PASSWORD }, { headers: { "user-agent": "Phone/1" } }),
      )
    ).json<UserSession>();
    const list = await (await api("/api/v1/users/me/sessions", bearer(first.token))).json<SessionList>();
    expect(list.sessions).toHaveLength(2);
    expect(list.sessions.filter((s) => s.current)).toHaveLength(1);
    const other = list.sessions.find((s) => !s.current)!;
    expect(other).toMatchObject({ agent: "Phone/1", method: "password" });
    const stranger = await signUp();
    expect(await codeOf(await api(`/api/v1/users/me/sessions/${other.id}`, bearer(stranger.token, "DELETE")))).toEqual([404, "not_found"]);
    expect((await api(`/api/v1/users/me/sessions/${other.id}`, bearer(first.token, "DELETE"))).status).toBe(204);
    expect(await codeOf(await api("/api/v1/users/me", bearer(second.token)))).toEqual([401, "unauthorized"]);
    expect((await api("/api/v1/users/session", bearer(first.token, "DELETE"))).status).toBe(204);
    expect(await codeOf(await api("/api/v1/users/me", bearer(first.token)))).toEqual([401, "unauthorized"]);
  });

  it("changes the password only with the current one; every other session ends", async () => {
    const me = await signUp();
    const elsewhere = await (
      await api("/api/v1/users/session", send({ username: me.user.username, password: PASSWORD }))
    ).json<UserSession>();
    const change = (body: unknown) => api("/api/v1/users/me/password", send(body, { method: "PUT", token: me.token }));
    expect(await codeOf(await change({ password: "a new password" }))).toEqual([400, "bad_request"]);
    expect(await codeOf(await change({ currentPassword: "wrong", password: "a new password" }))).toEqual([401, "unauthorized"]);
    expect(await codeOf(await change({ currentPassword: PASSWORD, password: "short" }))).toEqual([400, "bad_request"]);
    expect((await change({ currentPassword: PASSWORD, password: "a new password" })).status).toBe(204);
    expect((await api("/api/v1/users/me", bearer(me.token))).status).toBe(200);
    expect(await codeOf(await api("/api/v1/users/me", bearer(elsewhere.token)))).toEqual([401, "unauthorized"]);
    expect((await api("/api/v1/users/session", send({ username: me.user.username, password: PASSWORD }))).status).toBe(401);
    expect((await api("/api/v1/users/session", send({ username: me.user.username, password: "a new password" }))).status).toBe(201);
  });

  it("deletes the account with its addresses, or releases them, as asked (needs the password)", async () => {
    for (const choice of ["delete", "release"] as const) {
      const me = await signUp();
      const a = await newOwned(me.token);
      const del = (body: unknown) => api("/api/v1/users/me", send(body, { method: "DELETE", token: me.token }));
      expect(await codeOf(await del({ addresses: choice }))).toEqual([400, "bad_request"]);
      expect(await codeOf(await del({ password: "wrong", addresses: choice }))).toEqual([401, "unauthorized"]);
      expect(await codeOf(await del({ password: PASSWORD, addresses: "keep" }))).toEqual([400, "bad_request"]);
      expect((await del({ password: PASSWORD, addresses: choice })).status).toBe(204);
      expect(await codeOf(await api("/api/v1/users/me", bearer(me.token)))).toEqual([401, "unauthorized"]);
      const meta = await api(`/api/v1/mailboxes/${a.address}`, auth(a.token));
      if (choice === "delete") {
        expect(meta.status).toBe(401);
        expect(await directoryRow(a.address)).toMatchObject({ state: "deleted" });
      } else {
        expect(meta.status).toBe(200);
        expect(Date.parse((await meta.json<MailboxMeta>()).expiresAt)).toBeLessThanOrEqual(Date.now() + 86_400_000);
        expect(await directoryRow(a.address)).toMatchObject({ state: "active", owner: null });
      }
      // The name is free again.
      expect((await api("/api/v1/users", send({ username: me.user.username, password: PASSWORD }))).status).toBe(201);
    }
  });
});

describe("a user's addresses", () => {
  it("creates addresses the account owns (kept until deleted), listed at once, up to USER_ADDRESS_LIMIT", async () => {
    const me = await signUp();
    const a = await newOwned(me.token, `kept-${crypto.randomUUID().slice(0, 6)}`);
    expect(a.expiresAt).toBe(NEVER);
    expect(await owned(me.token)).toEqual([a.address]);
    expect(await directoryRow(a.address)).toMatchObject({ owner: me.user.id, state: "active" });
    // Its credential works as any address's.
    expect((await api(`/api/v1/mailboxes/${a.address}`, auth(a.token))).status).toBe(200);
    const limited = (path: string, body: unknown) => apiWith({ USER_ADDRESS_LIMIT: "2" }, path, send(body, { token: me.token }));
    expect((await limited("/api/v1/users/me/addresses", {})).status).toBe(201);
    expect(await codeOf(await limited("/api/v1/users/me/addresses", {}))).toEqual([403, "limit_reached"]);
    expect(await codeOf(await limited("/api/v1/users/me/addresses/bind", { token: (await claim()).token }))).toEqual([
      403,
      "limit_reached",
    ]);
    expect(await codeOf(await api("/api/v1/users/me/addresses", send({ name: "!" }, { token: me.token })))).toEqual([400, "invalid_name"]);
    expect(await codeOf(await api("/api/v1/users/me/addresses", send({ name: a.address.split("@")[0] }, { token: me.token })))).toEqual([
      409,
      "address_taken",
    ]);
    expect(
      await codeOf(await apiWith({ USER_ADDRESS_TTL_SECONDS: "3600" }, "/api/v1/users/me/addresses", send({}, { token: me.token }))),
    ).toEqual([201, "ok"]);
  });

  it("opens its own addresses with the session alone (HTTP and WebSocket), never anyone else's", async () => {
    const me = await signUp();
    const mine = await newOwned(me.token);
    await deliver(mine.address, rawMessage({ to: mine.address, subject: "to my account" }));
    const meta = await (await api(`/api/v1/mailboxes/${mine.address}`, bearer(me.token))).json<MailboxMeta>();
    expect(meta.count).toBe(1);
    expect((await api(`/api/v1/mailboxes/${mine.address}/messages/1`, bearer(me.token))).status).toBe(200);
    const sock = await openSocket(mine.address, me.token, 0);
    await sock.until((f) => f.some((x) => typeof x !== "string" && x.type === "message"));
    sock.close();
    const token = await api(`/api/v1/users/me/addresses/${mine.address}/token`, bearer(me.token, "POST"));
    expect(token.status).toBe(201);
    expect((await api(`/api/v1/mailboxes/${mine.address}`, auth((await token.json<CreateAddressResponse>()).token))).status).toBe(200);

    const anonymous = await claim();
    const someoneElse = await newOwned((await signUp()).token);
    for (const address of [anonymous.address, someoneElse.address]) {
      expect(await codeOf(await api(`/api/v1/mailboxes/${address}`, bearer(me.token))), address).toEqual([403, "forbidden"]);
      expect(await codeOf(await api(`/api/v1/mailboxes/${address}`, bearer(me.token, "DELETE"))), address).toEqual([403, "forbidden"]);
      expect(await codeOf(await api(`/api/v1/users/me/addresses/${address}/token`, bearer(me.token, "POST"))), address).toEqual([
        403,
        "forbidden",
      ]);
      expect(await codeOf(await api(`/api/v1/users/me/addresses/${address}`, bearer(me.token, "DELETE"))), address).toEqual([
        403,
        "forbidden",
      ]);
      const ws = await api(`/api/v1/mailboxes/${address}/ws`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${me.token}` } });
      expect(ws.status).toBe(403);
    }
    expect(await codeOf(await api("/api/v1/users/me/addresses/gone-away@pigeonhole.test/token", bearer(me.token, "POST")))).toEqual([
      404,
      "not_found",
    ]);
  });

  it("adopts an address by its credential, and releases it back to an ordinary life", async () => {
    const me = await signUp();
    const loose = await claim();
    const bound = await api("/api/v1/users/me/addresses/bind", send({ token: loose.token }, { token: me.token }));
    expect(bound.status).toBe(200);
    expect(await bound.json()).toMatchObject({ address: loose.address, expiresAt: NEVER });
    expect(await owned(me.token)).toEqual([loose.address]);
    expect((await api(`/api/v1/mailboxes/${loose.address}`, bearer(me.token))).status).toBe(200);
    // Adopting again is harmless; another account cannot take it.
    expect((await api("/api/v1/users/me/addresses/bind", send({ token: loose.token }, { token: me.token }))).status).toBe(200);
    const rival = await signUp();
    expect(await codeOf(await api("/api/v1/users/me/addresses/bind", send({ token: loose.token }, { token: rival.token })))).toEqual([
      409,
      "conflict",
    ]);
    expect(await codeOf(await api("/api/v1/users/me/addresses/bind", send({ token: "junk" }, { token: me.token })))).toEqual([
      401,
      "unauthorized",
    ]);
    expect(await codeOf(await api("/api/v1/users/me/addresses/bind", send({ token: rival.token }, { token: me.token })))).toEqual([
      401,
      "unauthorized",
    ]);
    expect(await codeOf(await api("/api/v1/users/me/addresses/bind", send({}, { token: me.token })))).toEqual([400, "bad_request"]);

    expect((await api(`/api/v1/users/me/addresses/${loose.address}`, bearer(me.token, "DELETE"))).status).toBe(204);
    expect(await owned(me.token)).toEqual([]);
    expect(await directoryRow(loose.address)).toMatchObject({ owner: null, state: "active" });
    expect(await codeOf(await api(`/api/v1/mailboxes/${loose.address}`, bearer(me.token)))).toEqual([403, "forbidden"]);
    const meta = await (await api(`/api/v1/mailboxes/${loose.address}`, auth(loose.token))).json<MailboxMeta>();
    expect(Date.parse(meta.expiresAt)).toBeLessThanOrEqual(Date.now() + 86_400_000);
    await syncDirectory(loose.address);
    expect(await directoryRow(loose.address)).toMatchObject({ owner: null });
  });
});

describe("an address's expiry", () => {
  it("moves within ADDRESS_MAX_TTL_SECONDS of creation for a credential holder, and without bound for an owner", async () => {
    const a = await claim();
    const meta = await (await api(`/api/v1/mailboxes/${a.address}`, auth(a.token))).json<MailboxMeta>();
    const created = Date.parse(meta.createdAt);
    const put = (token: string, expiresAt: unknown) =>
      api(`/api/v1/mailboxes/${a.address}/expiry`, send({ expiresAt }, { method: "PUT", token }));
    const inSixDays = new Date(created + 6 * 86_400_000).toISOString();
    const res = await put(a.token, inSixDays);
    expect(res.status).toBe(200);
    expect((await res.json<MailboxMeta>()).expiresAt).toBe(inSixDays);
    expect((await (await api(`/api/v1/mailboxes/${a.address}`, auth(a.token))).json<MailboxMeta>()).expiresAt).toBe(inSixDays);
    for (const bad of [new Date(created + 8 * 86_400_000).toISOString(), new Date(Date.now() - 1000).toISOString(), "tomorrow", 5]) {
      expect(await codeOf(await put(a.token, bad)), String(bad)).toEqual([400, "bad_request"]);
    }
    const me = await signUp();
    await api("/api/v1/users/me/addresses/bind", send({ token: a.token }, { token: me.token }));
    expect((await put(me.token, "3000-01-01T00:00:00.000Z")).status).toBe(200);
    expect(await codeOf(await put((await signUp()).token, inSixDays))).toEqual([403, "forbidden"]);
  });
});
