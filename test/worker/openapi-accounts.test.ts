// Every route of accounts, passkeys, the site gate and the admin API answers as
// the served OpenAPI document says: each status documented, each body valid.
import { describe, it } from "vitest";
import type { PasskeyChallenge, PasskeyList, UserList, UserSession } from "../../src/contract/accounts";
import type { CreateAddressResponse } from "../../src/contract/wire";
import { adminToken, apiWith, bearer, PASSWORD, send, signUp, syncDirectory, username } from "./directory-helpers";
import { api, auth, BASE, claim } from "./helpers";
import { conforms } from "./openapi-conformance";
import { SoftAuthenticator } from "./soft-authenticator";

describe("accounts, passkeys, site and admin responses conform to the document", () => {
  it("users and their addresses", async () => {
    const name = username();
    const signed = (await conforms(
      "post",
      "/api/v1/users",
      await api("/api/v1/users", send({ username: name, password: PASSWORD })),
    )) as UserSession;
    await conforms("post", "/api/v1/users", await api("/api/v1/users", send({ username: name, password: PASSWORD })));
    await conforms("post", "/api/v1/users", await api("/api/v1/users", send({ username: "x" })));
    await conforms(
      "post",
      "/api/v1/users",
      await apiWith({ USER_REGISTRATION: "closed" }, "/api/v1/users", send({ username: username(), password: PASSWORD })),
    );
    await conforms("post", "/api/v1/users", await apiWith({ USER_REGISTRATION: "off" }, "/api/v1/users", send({})));
    await conforms("post", "/api/v1/users/session", await api("/api/v1/users/session", send({ username: name, password: PASSWORD })));
    await conforms("post", "/api/v1/users/session", await api("/api/v1/users/session", send({ username: name, password: "nope nope" })));
    const t = signed.token;
    await conforms("get", "/api/v1/users/me", await api("/api/v1/users/me", bearer(t)));
    await conforms("get", "/api/v1/users/me", await api("/api/v1/users/me"));
    await conforms("get", "/api/v1/users/me", await api("/api/v1/users/me", auth((await claim()).token)));
    await conforms("get", "/api/v1/users/me/sessions", await api("/api/v1/users/me/sessions", bearer(t)));
    await conforms(
      "put",
      "/api/v1/users/me/password",
      await api("/api/v1/users/me/password", send({ currentPassword: PASSWORD, password: "x" }, { method: "PUT", token: t })),
    );
    await conforms(
      "put",
      "/api/v1/users/me/password",
      await api(
        "/api/v1/users/me/password",
        send({ currentPassword: PASSWORD, password: "another long one" }, { method: "PUT", token: t }),
      ),
    );

    const made = (await conforms(
      "post",
      "/api/v1/users/me/addresses",
      await api("/api/v1/users/me/addresses", send({}, { token: t })),
    )) as CreateAddressResponse;
    await conforms("post", "/api/v1/users/me/addresses", await api("/api/v1/users/me/addresses", send({ name: "!" }, { token: t })));
    await conforms(
      "post",
      "/api/v1/users/me/addresses",
      await apiWith({ USER_ADDRESS_LIMIT: "0" }, "/api/v1/users/me/addresses", send({}, { token: t })),
    );
    await conforms("get", "/api/v1/users/me/addresses", await api("/api/v1/users/me/addresses", bearer(t)));
    const loose = await claim();
    await conforms(
      "post",
      "/api/v1/users/me/addresses/bind",
      await api("/api/v1/users/me/addresses/bind", send({ token: loose.token }, { token: t })),
    );
    await conforms(
      "post",
      "/api/v1/users/me/addresses/bind",
      await api("/api/v1/users/me/addresses/bind", send({ token: loose.token }, { token: (await signUp()).token })),
    );
    await conforms("post", "/api/v1/users/me/addresses/bind", await api("/api/v1/users/me/addresses/bind", send({}, { token: t })));
    const T = "/api/v1/users/me/addresses/{address}";
    await conforms("post", `${T}/token`, await api(`/api/v1/users/me/addresses/${made.address}/token`, bearer(t, "POST")));
    await conforms("post", `${T}/token`, await api(`/api/v1/users/me/addresses/${(await claim()).address}/token`, bearer(t, "POST")));
    await conforms("delete", T, await api(`/api/v1/users/me/addresses/${loose.address}`, bearer(t, "DELETE")));
    await conforms(
      "put",
      "/api/v1/mailboxes/{address}/expiry",
      await api(`/api/v1/mailboxes/${made.address}/expiry`, send({ expiresAt: "2999-01-01T00:00:00Z" }, { method: "PUT", token: t })),
    );
    await conforms(
      "put",
      "/api/v1/mailboxes/{address}/expiry",
      await api(
        `/api/v1/mailboxes/${loose.address}/expiry`,
        send({ expiresAt: "1999-01-01T00:00:00Z" }, { method: "PUT", token: loose.token }),
      ),
    );

    const sessions = await (await api("/api/v1/users/me/sessions", bearer(t))).json<{ sessions: { id: string }[] }>();
    await conforms("delete", "/api/v1/users/me/sessions/{id}", await api("/api/v1/users/me/sessions/nope", bearer(t, "DELETE")));
    await conforms(
      "delete",
      "/api/v1/users/me/sessions/{id}",
      await api(`/api/v1/users/me/sessions/${sessions.sessions[0].id}`, bearer(t, "DELETE")),
    );
    const other = await signUp();
    await conforms("delete", "/api/v1/users/session", await api("/api/v1/users/session", bearer(other.token, "DELETE")));
    const third = await signUp();
    await conforms(
      "delete",
      "/api/v1/users/me",
      await api("/api/v1/users/me", send({ addresses: "delete", password: "wrong" }, { method: "DELETE", token: third.token })),
    );
    await conforms(
      "delete",
      "/api/v1/users/me",
      await api("/api/v1/users/me", send({ addresses: "release", password: PASSWORD }, { method: "DELETE", token: third.token })),
    );
  });

  it("passkeys", async () => {
    const device = new SoftAuthenticator(BASE);
    const up = (await conforms(
      "post",
      "/api/v1/users/passkey/options",
      await api("/api/v1/users/passkey/options", send({ username: username() })),
    )) as PasskeyChallenge;
    await conforms("post", "/api/v1/users/passkey/options", await api("/api/v1/users/passkey/options", send({ username: "!" })));
    const session = (await conforms(
      "post",
      "/api/v1/users/passkey",
      await api("/api/v1/users/passkey", send({ challengeId: up.challengeId, response: await device.create(up.options) })),
    )) as UserSession;
    await conforms(
      "post",
      "/api/v1/users/passkey",
      await api("/api/v1/users/passkey", send({ challengeId: up.challengeId, response: {} })),
    );
    const inOpts = (await conforms(
      "post",
      "/api/v1/users/session/passkey/options",
      await api("/api/v1/users/session/passkey/options", send(undefined)),
    )) as PasskeyChallenge;
    await conforms(
      "post",
      "/api/v1/users/session/passkey",
      await api("/api/v1/users/session/passkey", send({ challengeId: inOpts.challengeId, response: await device.get(inOpts.options) })),
    );
    await conforms(
      "post",
      "/api/v1/users/session/passkey",
      await api("/api/v1/users/session/passkey", send({ challengeId: inOpts.challengeId, response: {} })),
    );
    const t = session.token;
    const add = (await conforms(
      "post",
      "/api/v1/users/me/passkeys/options",
      await api("/api/v1/users/me/passkeys/options", bearer(t, "POST")),
    )) as PasskeyChallenge;
    const list = (await conforms(
      "post",
      "/api/v1/users/me/passkeys",
      await api(
        "/api/v1/users/me/passkeys",
        send({ challengeId: add.challengeId, response: await device.create(add.options), name: "Second" }, { token: t }),
      ),
    )) as PasskeyList;
    await conforms("get", "/api/v1/users/me/passkeys", await api("/api/v1/users/me/passkeys", bearer(t)));
    await conforms(
      "delete",
      "/api/v1/users/me/passkeys/{id}",
      await api(`/api/v1/users/me/passkeys/${list.passkeys[0].id}`, bearer(t, "DELETE")),
    );
    await conforms(
      "delete",
      "/api/v1/users/me/passkeys/{id}",
      await api(`/api/v1/users/me/passkeys/${list.passkeys[1].id}`, bearer(t, "DELETE")),
    );
  });

  it("the site gate", async () => {
    const site = { SITE_PASSWORD: "site pw" };
    await conforms("post", "/api/v1/site/session", await apiWith(site, "/api/v1/site/session", send({ password: "site pw" })));
    await conforms("post", "/api/v1/site/session", await apiWith(site, "/api/v1/site/session", send({ password: "no" })));
    await conforms("post", "/api/v1/site/session", await api("/api/v1/site/session", send({ password: "x" })));
    await conforms("post", "/api/v1/addresses", await apiWith(site, "/api/v1/addresses", send({})));
    await conforms("post", "/api/v1/addresses", await apiWith({ TURNSTILE_SECRET: "s" }, "/api/v1/addresses", send({})));
  });

  it("the admin API", async () => {
    const admin = await adminToken();
    await conforms("post", "/api/v1/admin/session", await api("/api/v1/admin/session", send({ password: "wrong" })));
    await conforms(
      "post",
      "/api/v1/admin/session",
      await apiWith({ ADMIN_PASSWORD: undefined }, "/api/v1/admin/session", send({ password: "x" })),
    );
    const a = await claim();
    await syncDirectory(a.address);
    const A = "/api/v1/admin/addresses/{address}";
    await conforms("get", "/api/v1/admin/addresses", await api("/api/v1/admin/addresses?limit=1", bearer(admin)));
    await conforms("get", "/api/v1/admin/addresses", await api("/api/v1/admin/addresses?limit=x", bearer(admin)));
    await conforms("get", "/api/v1/admin/addresses", await api("/api/v1/admin/addresses", bearer(a.token)));
    await conforms(
      "put",
      `${A}/send-quota`,
      await api(`/api/v1/admin/addresses/${a.address}/send-quota`, send({ daily: 3 }, { method: "PUT", token: admin })),
    );
    await conforms(
      "put",
      `${A}/send-quota`,
      await api(`/api/v1/admin/addresses/${a.address}/send-quota`, send({ daily: -3 }, { method: "PUT", token: admin })),
    );
    await conforms("post", `${A}/token`, await api(`/api/v1/admin/addresses/${a.address}/token`, bearer(admin, "POST")));
    await conforms("delete", A, await api(`/api/v1/admin/addresses/${a.address}`, bearer(admin, "DELETE")));
    await conforms("delete", A, await api(`/api/v1/admin/addresses/${a.address}`, bearer(admin, "DELETE")));
    await conforms("post", `${A}/token`, await api(`/api/v1/admin/addresses/${a.address}/token`));
    await conforms("get", "/api/v1/admin/blocklist", await api("/api/v1/admin/blocklist", bearer(admin)));
    await conforms(
      "put",
      "/api/v1/admin/blocklist",
      await api("/api/v1/admin/blocklist", send({ senders: ["*@x.test"], names: [] }, { method: "PUT", token: admin })),
    );
    await conforms(
      "put",
      "/api/v1/admin/blocklist",
      await api("/api/v1/admin/blocklist", send({ senders: ["bad"] }, { method: "PUT", token: admin })),
    );
    await api("/api/v1/admin/blocklist", send({ senders: [], names: [] }, { method: "PUT", token: admin }));
    await conforms("get", "/api/v1/admin/stats", await api("/api/v1/admin/stats", bearer(admin)));
    const made = await api("/api/v1/admin/users", send({ username: username(), password: PASSWORD }, { token: admin }));
    await conforms("post", "/api/v1/admin/users", made);
    await conforms("post", "/api/v1/admin/users", await api("/api/v1/admin/users", send({ username: "!" }, { token: admin })));
    const users = (await conforms("get", "/api/v1/admin/users", await api("/api/v1/admin/users?limit=1", bearer(admin)))) as UserList;
    const id = users.users[0].id;
    await conforms("post", "/api/v1/admin/users/{id}/disable", await api(`/api/v1/admin/users/${id}/disable`, bearer(admin, "POST")));
    await conforms("post", "/api/v1/admin/users/{id}/enable", await api(`/api/v1/admin/users/${id}/enable`, bearer(admin, "POST")));
    await conforms("post", "/api/v1/admin/users/{id}/enable", await api("/api/v1/admin/users/none/enable", bearer(admin, "POST")));
    await conforms("get", "/api/v1/admin/audit", await api("/api/v1/admin/audit?limit=3", bearer(admin)));
    await conforms("delete", "/api/v1/admin/session", await api("/api/v1/admin/session", bearer(admin, "DELETE")));
    await conforms("delete", "/api/v1/admin/session", await api("/api/v1/admin/session", bearer(admin, "DELETE")));
  });
});
