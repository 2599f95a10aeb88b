// The admin API in workerd with a real D1: who may call it, and every route
// (addresses, send quota, blocklist, stats, users, audit), each action audited.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AdminStats, AuditList, Blocklist, DirectoryAddressList, UserInfo, UserList } from "../../src/contract/accounts";
import type { CreateAddressResponse, MailboxMeta } from "../../src/contract/wire";
import { ADMIN_PASSWORD, adminToken, apiWith, bearer, send, signUp, syncDirectory, username } from "./directory-helpers";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";

/** Every admin route, with a body that would be acceptable. */
const ROUTES: [string, string, unknown?][] = [
  ["DELETE", "/api/v1/admin/session"],
  ["GET", "/api/v1/admin/addresses"],
  ["DELETE", "/api/v1/admin/addresses/someone@pigeonhole.test"],
  ["POST", "/api/v1/admin/addresses/someone@pigeonhole.test/token"],
  ["PUT", "/api/v1/admin/addresses/someone@pigeonhole.test/send-quota", { daily: 5 }],
  ["GET", "/api/v1/admin/blocklist"],
  ["PUT", "/api/v1/admin/blocklist", { senders: [], names: [] }],
  ["GET", "/api/v1/admin/stats"],
  ["GET", "/api/v1/admin/users"],
  ["POST", "/api/v1/admin/users", { username: "never-made", password: "long enough" }],
  ["POST", "/api/v1/admin/users/x/disable"],
  ["POST", "/api/v1/admin/users/x/enable"],
  ["GET", "/api/v1/admin/audit"],
];

async function codeOf(res: Response): Promise<[number, string]> {
  const body = await res.json<{ error?: { code: string } }>();
  return [res.status, body.error?.code ?? "ok"];
}

async function auditLog(admin: string): Promise<AuditList["entries"]> {
  return (await (await api("/api/v1/admin/audit?limit=200", bearer(admin))).json<AuditList>()).entries;
}

describe("admin: who may call it", () => {
  it("answers 401 without a token and 403 with a user's or an address's, on every route", async () => {
    const user = await signUp();
    const address = await claim();
    for (const [method, path, body] of ROUTES) {
      const init = (token?: string) => send(body, { method, token });
      expect(await codeOf(await api(path, init())), `${method} ${path} none`).toEqual([401, "unauthorized"]);
      expect(await codeOf(await api(path, init("not.a.token"))), `${method} ${path} junk`).toEqual([401, "unauthorized"]);
      expect(await codeOf(await api(path, init(user.token))), `${method} ${path} user`).toEqual([403, "forbidden"]);
      expect(await codeOf(await api(path, init(address.token))), `${method} ${path} address`).toEqual([403, "forbidden"]);
    }
  });

  it("signs in with ADMIN_PASSWORD only; is off (404) without one; a signed-out session is dead", async () => {
    expect(await codeOf(await api("/api/v1/admin/session", send({ password: "wrong" })))).toEqual([401, "unauthorized"]);
    expect(await codeOf(await api("/api/v1/admin/session", send({})))).toEqual([400, "bad_request"]);
    expect(await codeOf(await api("/api/v1/admin/session", send({ password: ADMIN_PASSWORD, extra: 1 })))).toEqual([400, "bad_request"]);
    const off = await apiWith({ ADMIN_PASSWORD: undefined }, "/api/v1/admin/session", send({ password: ADMIN_PASSWORD }));
    expect(await codeOf(off)).toEqual([404, "not_found"]);
    const admin = await adminToken();
    expect((await api("/api/v1/admin/stats", bearer(admin))).status).toBe(200);
    // With the console turned off, even a live admin session opens nothing.
    expect((await apiWith({ ADMIN_PASSWORD: undefined }, "/api/v1/admin/stats", bearer(admin))).status).toBe(404);
    expect((await api("/api/v1/admin/session", bearer(admin, "DELETE"))).status).toBe(204);
    expect(await codeOf(await api("/api/v1/admin/stats", bearer(admin)))).toEqual([401, "unauthorized"]);
  });

  it("cannot reach a mailbox with the admin session itself: only through an audited credential", async () => {
    const admin = await adminToken();
    const { address } = await claim();
    expect(await codeOf(await api(`/api/v1/mailboxes/${address}`, bearer(admin)))).toEqual([403, "forbidden"]);
  });
});

describe("admin: addresses", () => {
  it("lists newest first, pages with before/nextBefore, and searches by substring", async () => {
    const admin = await adminToken();
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await claim(`listed-${i}-zq`)).address);
    for (const a of mine) await syncDirectory(a);
    const all = await (await api("/api/v1/admin/addresses?query=-ZQ", bearer(admin))).json<DirectoryAddressList>();
    expect(all.addresses.map((a) => a.address)).toEqual([...mine].reverse());
    expect(all.addresses.every((a) => a.state === "active" && a.owner === null)).toBe(true);
    const first = await (await api("/api/v1/admin/addresses?query=zq&limit=2", bearer(admin))).json<DirectoryAddressList>();
    expect(first.addresses.map((a) => a.address)).toEqual([mine[4], mine[3]]);
    expect(first.nextBefore).not.toBeNull();
    const second = await (
      await api(`/api/v1/admin/addresses?query=zq&limit=2&before=${first.nextBefore}`, bearer(admin))
    ).json<DirectoryAddressList>();
    expect(second.addresses.map((a) => a.address)).toEqual([mine[2], mine[1]]);
    const last = await (
      await api(`/api/v1/admin/addresses?query=zq&limit=2&before=${second.nextBefore}`, bearer(admin))
    ).json<DirectoryAddressList>();
    expect(last).toEqual({ addresses: [expect.objectContaining({ address: mine[0] })], nextBefore: null });
    // LIKE's wildcards are matched literally.
    expect((await (await api("/api/v1/admin/addresses?query=%25", bearer(admin))).json<DirectoryAddressList>()).addresses).toEqual([]);
    expect((await api("/api/v1/admin/addresses?before=-1", bearer(admin))).status).toBe(400);
    expect((await api("/api/v1/admin/addresses?limit=201", bearer(admin))).status).toBe(400);
    // A page of none has nowhere to go on from; a query as long as a whole address is searched, not refused.
    for (const path of ["addresses", "users", "audit"]) {
      expect(await codeOf(await api(`/api/v1/admin/${path}?limit=0`, bearer(admin))), path).toEqual([400, "bad_request"]);
    }
    const long = (await claim(`a-rather-long-name-for-a-search-${crypto.randomUUID().slice(0, 8)}-zq`)).address;
    await syncDirectory(long);
    const whole = await api(`/api/v1/admin/addresses?query=${long}`, bearer(admin));
    expect(whole.status).toBe(200);
    expect((await whole.json<DirectoryAddressList>()).addresses.map((a) => a.address)).toEqual([long]);
    const users = await api(`/api/v1/admin/users?query=${"_".repeat(60)}`, bearer(admin));
    expect(await users.json<UserList>()).toEqual({ users: [], nextBefore: null });
  });

  it("deletes an address: its credential stops working at once, its sockets close, the index says deleted", async () => {
    const admin = await adminToken();
    const { address, token } = await claim();
    await deliver(address, rawMessage({ to: address }));
    const sock = await openSocket(address, token, 0);
    await sock.until((f) => f.length >= 2);
    expect((await api(`/api/v1/admin/addresses/${address}`, bearer(admin, "DELETE"))).status).toBe(204);
    await sock.until(() => sock.closed !== null);
    expect(await codeOf(await api(`/api/v1/mailboxes/${address}`, auth(token)))).toEqual([401, "unauthorized"]);
    const listed = await (await api(`/api/v1/admin/addresses?query=${address}`, bearer(admin))).json<DirectoryAddressList>();
    expect(listed.addresses[0]).toMatchObject({ address, state: "deleted" });
    // Gone already: 404, and nothing is audited for it.
    expect(await codeOf(await api(`/api/v1/admin/addresses/${address}`, bearer(admin, "DELETE")))).toEqual([404, "not_found"]);
    expect(await codeOf(await api("/api/v1/admin/addresses/not-an-address", bearer(admin, "DELETE")))).toEqual([404, "not_found"]);
    const log = await auditLog(admin);
    expect(log.filter((e) => e.target === address).map((e) => e.action)).toEqual(["address.delete"]);
  });

  it("mints a working credential for any address, and audits it", async () => {
    const admin = await adminToken();
    const { address } = await claim();
    await deliver(address, rawMessage({ to: address, subject: "for the admin" }));
    const res = await api(`/api/v1/admin/addresses/${address}/token`, bearer(admin, "POST"));
    expect(res.status).toBe(201);
    const cred = await res.json<CreateAddressResponse>();
    expect(cred.address).toBe(address);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(cred.token))).json<MailboxMeta>();
    expect(meta.count).toBe(1);
    expect((await auditLog(admin)).find((e) => e.target === address)).toMatchObject({ action: "address.token" });
  });

  it("grants a daily send quota: stored by the mailbox and in the directory, validated, audited", async () => {
    const admin = await adminToken();
    const { address } = await claim();
    const path = `/api/v1/admin/addresses/${address}/send-quota`;
    for (const bad of [{ daily: -1 }, { daily: 1.5 }, { daily: "9" }, { daily: 1_000_001 }, {}, { daily: 3, more: 1 }]) {
      expect(await codeOf(await api(path, send(bad, { method: "PUT", token: admin }))), JSON.stringify(bad)).toEqual([400, "bad_request"]);
    }
    const res = await api(path, send({ daily: 250 }, { method: "PUT", token: admin }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ daily: 250 });
    const stored = await runInDurableObject(env.MAILBOX.getByName(address), (_o, state) =>
      state.storage.sql.exec<{ daily: number }>("SELECT granted AS daily FROM send_ledger").one(),
    );
    expect(stored.daily).toBe(250);
    const grant = await env.DIRECTORY.prepare("SELECT send_daily FROM grants WHERE address = ?")
      .bind(address)
      .first<{ send_daily: number }>();
    expect(grant?.send_daily).toBe(250);
    expect((await auditLog(admin)).find((e) => e.target === address)).toMatchObject({
      action: "address.send-quota",
      detail: { daily: 250 },
    });
    expect(
      await codeOf(
        await api("/api/v1/admin/addresses/nobody-here@pigeonhole.test/send-quota", send({ daily: 1 }, { method: "PUT", token: admin })),
      ),
    ).toEqual([404, "not_found"]);
  });
});

describe("admin: blocklist", () => {
  it("stores both lists normalised, refuses bad patterns, and is audited", async () => {
    const admin = await adminToken();
    const put = (body: unknown) => api("/api/v1/admin/blocklist", send(body, { method: "PUT", token: admin }));
    for (const bad of [
      { senders: "x@y.z" },
      { senders: ["no-at-sign"] },
      { senders: [3] },
      { names: ["bad name"] },
      { names: ["ok"], other: [] },
    ]) {
      expect(await codeOf(await put(bad)), JSON.stringify(bad)).toEqual([400, "bad_request"]);
    }
    const res = await put({ senders: [" Spammer@Example.com ", "*@spam.test", "*@spam.test"], names: ["Root", "admin*"] });
    expect(await res.json<Blocklist>()).toEqual({ senders: ["*@spam.test", "spammer@example.com"], names: ["admin*", "root"] });
    expect(await (await api("/api/v1/admin/blocklist", bearer(admin))).json<Blocklist>()).toEqual({
      senders: ["*@spam.test", "spammer@example.com"],
      names: ["admin*", "root"],
    });
    expect((await auditLog(admin))[0]).toMatchObject({ action: "blocklist.replace", detail: { senders: 2, names: 2 } });
  });

  it("rejects mail from a blocked sender at email(), and keeps blocked names from being claimed by any door", async () => {
    const admin = await adminToken();
    await api(
      "/api/v1/admin/blocklist",
      send({ senders: ["*@spam.test", "one@bad.test", "*bulk*@*"], names: ["root", "admin*"] }, { method: "PUT", token: admin }),
    );
    const { address } = await claim();
    for (const from of ["x@spam.test", "ONE@bad.test", "my-bulk-mailer@anywhere.test"]) {
      expect((await deliver(address, rawMessage({ to: address }), from)).rejected, from).toMatch(/not accepted/);
    }
    for (const from of ["x@sub.spam.test", "two@bad.test", "friend@example.com"]) {
      expect((await deliver(address, rawMessage({ to: address }), from)).rejected, from).toBeNull();
    }
    for (const name of ["root", "administrator", "ADMIN"]) {
      expect(await codeOf(await api("/api/v1/addresses", send({ name }))), name).toEqual([403, "name_blocked"]);
    }
    const mt = await api("/mailtm/accounts", send({ address: "root@pigeonhole.test", password: "long enough pw" }));
    expect(mt.status).toBe(403);
    const user = await signUp();
    expect(await codeOf(await api("/api/v1/users/me/addresses", send({ name: "admin-desk" }, { token: user.token })))).toEqual([
      403,
      "name_blocked",
    ]);
    expect((await claim("rooted")).address).toBe("rooted@pigeonhole.test");
    await api("/api/v1/admin/blocklist", send({ senders: [], names: [] }, { method: "PUT", token: admin }));
    expect((await deliver(address, rawMessage({ to: address }), "x@spam.test")).rejected).toBeNull();
  });
});

describe("admin: stats, users, audit", () => {
  it("counts active addresses and users", async () => {
    const admin = await adminToken();
    const before = await (await api("/api/v1/admin/stats", bearer(admin))).json<AdminStats>();
    const { address } = await claim();
    await syncDirectory(address);
    await signUp();
    const after = await (await api("/api/v1/admin/stats", bearer(admin))).json<AdminStats>();
    expect(after.activeAddresses - before.activeAddresses).toBe(1);
    expect(after.users - before.users).toBe(1);
    expect(after.sentToday - before.sentToday).toBe(0);
    expect(after.countsDelaySeconds).toBe(1);
  });

  it("creates users (also while registration is closed), lists and searches them, disables and enables them", async () => {
    const admin = await adminToken();
    const name = username("made");
    const created = await apiWith(
      { USER_REGISTRATION: "closed" },
      "/api/v1/admin/users",
      send({ username: name, password: "long enough" }, { token: admin }),
    );
    expect(created.status).toBe(201);
    const user = await created.json<UserInfo>();
    expect(user).toMatchObject({ username: name, disabled: false, hasPassword: true, passkeys: 0 });
    expect(await codeOf(await api("/api/v1/admin/users", send({ username: name, password: "long enough" }, { token: admin })))).toEqual([
      409,
      "username_taken",
    ]);
    expect(await codeOf(await api("/api/v1/admin/users", send({ username: "x", password: "long enough" }, { token: admin })))).toEqual([
      400,
      "bad_request",
    ]);
    expect(await codeOf(await api("/api/v1/admin/users", send({ username: username(), password: "short" }, { token: admin })))).toEqual([
      400,
      "bad_request",
    ]);
    expect(
      await codeOf(
        await apiWith(
          { USER_REGISTRATION: "off" },
          "/api/v1/admin/users",
          send({ username: username(), password: "long enough" }, { token: admin }),
        ),
      ),
    ).toEqual([403, "registration_closed"]);

    const signedIn = await api("/api/v1/users/session", send({ username: name, password: "long enough" }));
    expect(signedIn.status).toBe(201);
    const session = (await signedIn.json<{ token: string }>()).token;
    const found = await (await api(`/api/v1/admin/users?query=${name}`, bearer(admin))).json<UserList>();
    expect(found.users.map((u) => u.id)).toEqual([user.id]);

    const off = await api(`/api/v1/admin/users/${user.id}/disable`, bearer(admin, "POST"));
    expect((await off.json<UserInfo>()).disabled).toBe(true);
    // Disabled: the live session dies, and signing in is refused like a wrong password.
    expect(await codeOf(await api("/api/v1/users/me", bearer(session)))).toEqual([401, "unauthorized"]);
    expect(await codeOf(await api("/api/v1/users/session", send({ username: name, password: "long enough" })))).toEqual([
      401,
      "unauthorized",
    ]);
    const on = await api(`/api/v1/admin/users/${user.id}/enable`, bearer(admin, "POST"));
    expect((await on.json<UserInfo>()).disabled).toBe(false);
    // Enabled again: the sessions it had stay ended (one may have been why it was disabled); signing in works.
    expect(await codeOf(await api("/api/v1/users/me", bearer(session)))).toEqual([401, "unauthorized"]);
    expect((await api("/api/v1/users/session", send({ username: name, password: "long enough" }))).status).toBe(201);
    expect(await codeOf(await api("/api/v1/admin/users/no-such-id/disable", bearer(admin, "POST")))).toEqual([404, "not_found"]);

    const log = await auditLog(admin);
    expect(log.filter((e) => e.target === user.id).map((e) => e.action)).toEqual(["user.enable", "user.disable", "user.create"]);
  });

  it("pages users and the audit log newest first", async () => {
    const admin = await adminToken();
    const prefix = `pg${crypto.randomUUID().slice(0, 5)}`;
    for (let i = 0; i < 3; i++) await signUp(`${prefix}-${i}`);
    const one = await (await api(`/api/v1/admin/users?query=${prefix}&limit=2`, bearer(admin))).json<UserList>();
    expect(one.users.map((u) => u.username)).toEqual([`${prefix}-2`, `${prefix}-1`]);
    const two = await (await api(`/api/v1/admin/users?query=${prefix}&limit=2&before=${one.nextBefore}`, bearer(admin))).json<UserList>();
    expect(two).toEqual({ users: [expect.objectContaining({ username: `${prefix}-0` })], nextBefore: null });
    const page = await (await api("/api/v1/admin/audit?limit=1", bearer(admin))).json<AuditList>();
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ action: "session.start", actor: expect.stringMatching(/^admin:/) });
    const older = await (await api(`/api/v1/admin/audit?limit=1&before=${page.nextBefore}`, bearer(admin))).json<AuditList>();
    expect(older.entries[0].id).toBeLessThan(page.entries[0].id);
  });
});
