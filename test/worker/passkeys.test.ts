// Passkeys in workerd with a real D1 (@simplewebauthn/server running in the
// Workers runtime), answered by a software authenticator: signing up and in
// with one, adding and removing them, and every way an answer can be wrong.
import { describe, expect, it } from "vitest";
import type { PasskeyChallenge, PasskeyList, UserSession } from "../../src/contract/accounts";
import { bearer, PASSWORD, send, signUp, username } from "./directory-helpers";
import { api, BASE } from "./helpers";
import { SoftAuthenticator } from "./soft-authenticator";

async function codeOf(res: Response): Promise<[number, string]> {
  const body = await res.json<{ error?: { code: string } }>();
  return [res.status, body.error?.code ?? "ok"];
}

async function challenge(path: string, body: unknown, token?: string): Promise<PasskeyChallenge> {
  const res = await api(path, send(body, { token }));
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json<PasskeyChallenge>();
}

async function passkeySignUp(device: SoftAuthenticator, name = username("pk")): Promise<UserSession> {
  const c = await challenge("/api/v1/users/passkey/options", { username: name });
  const res = await api("/api/v1/users/passkey", send({ challengeId: c.challengeId, response: await device.create(c.options) }));
  if (res.status !== 201) throw new Error(`passkey sign-up: ${res.status} ${await res.text()}`);
  return res.json<UserSession>();
}

async function passkeySignIn(device: SoftAuthenticator, id?: string): Promise<Response> {
  const c = await challenge("/api/v1/users/session/passkey/options", undefined);
  return api("/api/v1/users/session/passkey", send({ challengeId: c.challengeId, response: await device.get(c.options, id) }));
}

describe("passkeys", () => {
  it("signs up with a passkey alone, and signs in with it (no username asked)", async () => {
    const device = new SoftAuthenticator(BASE);
    const name = username("pk");
    const c = await challenge("/api/v1/users/passkey/options", { username: name });
    expect(c.options).toMatchObject({
      rp: { id: "pigeonhole.test" },
      user: { name },
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
    });
    const created = await api("/api/v1/users/passkey", send({ challengeId: c.challengeId, response: await device.create(c.options) }));
    expect(created.status).toBe(201);
    const session = await created.json<UserSession>();
    expect(session.user).toMatchObject({ username: name, hasPassword: false, passkeys: 1 });
    const signedIn = await passkeySignIn(device);
    expect(signedIn.status).toBe(201);
    const again = await signedIn.json<UserSession>();
    expect(again.user.id).toBe(session.user.id);
    const list = await (await api("/api/v1/users/me/passkeys", bearer(again.token))).json<PasskeyList>();
    expect(list.passkeys).toHaveLength(1);
    expect(list.passkeys[0].lastUsedAt).not.toBeNull();
  });

  it("refuses a used, unknown or swapped challenge, another origin, a forged signature, and a key it does not know", async () => {
    const device = new SoftAuthenticator(BASE);
    await passkeySignUp(device);
    // The same challenge twice.
    const c = await challenge("/api/v1/users/session/passkey/options", undefined);
    const answer = await device.get(c.options);
    expect((await api("/api/v1/users/session/passkey", send({ challengeId: c.challengeId, response: answer }))).status).toBe(201);
    expect(await codeOf(await api("/api/v1/users/session/passkey", send({ challengeId: c.challengeId, response: answer })))).toEqual([
      400,
      "bad_request",
    ]);
    expect(await codeOf(await api("/api/v1/users/session/passkey", send({ challengeId: "nope", response: answer })))).toEqual([
      400,
      "bad_request",
    ]);
    // A sign-in challenge is no sign-up challenge.
    const signIn = await challenge("/api/v1/users/session/passkey/options", undefined);
    const asSignUp = await api(
      "/api/v1/users/passkey",
      send({
        challengeId: signIn.challengeId,
        response: await device.create({ ...signIn.options, rp: { id: "pigeonhole.test" }, user: { id: "eA" } }),
      }),
    );
    expect(await codeOf(asSignUp)).toEqual([400, "bad_request"]);
    // Another origin (a phishing page would be one).
    const c2 = await challenge("/api/v1/users/session/passkey/options", undefined);
    const phished = await device.get(c2.options, undefined, { origin: "https://pigeonhole.test.evil.example" });
    expect(await codeOf(await api("/api/v1/users/session/passkey", send({ challengeId: c2.challengeId, response: phished })))).toEqual([
      401,
      "unauthorized",
    ]);
    // A signature that does not verify.
    const c3 = await challenge("/api/v1/users/session/passkey/options", undefined);
    const forged = await device.get(c3.options);
    forged.response.signature = forged.response.signature.replace(/^.{8}/, "AAAAAAAA");
    expect(await codeOf(await api("/api/v1/users/session/passkey", send({ challengeId: c3.challengeId, response: forged })))).toEqual([
      401,
      "unauthorized",
    ]);
    // A key this site never registered.
    const stranger = new SoftAuthenticator(BASE);
    const c4 = await challenge("/api/v1/users/passkey/options", { username: username() });
    await stranger.create(c4.options);
    expect(await codeOf(await passkeySignIn(stranger))).toEqual([401, "unauthorized"]);
    expect(await codeOf(await api("/api/v1/users/session/passkey", send({ challengeId: "x" })))).toEqual([400, "bad_request"]);
  });

  it("refuses a taken username before any ceremony, and sign-up while registration is closed", async () => {
    const { user } = await signUp();
    expect(await codeOf(await api("/api/v1/users/passkey/options", send({ username: user.username })))).toEqual([409, "username_taken"]);
    expect(await codeOf(await api("/api/v1/users/passkey/options", send({ username: "x" })))).toEqual([400, "bad_request"]);
  });

  it("adds passkeys to a password account, lists and removes them; the last way in stays", async () => {
    const me = await signUp();
    const device = new SoftAuthenticator(BASE);
    const c = await challenge("/api/v1/users/me/passkeys/options", undefined, me.token);
    expect(c.options).toMatchObject({ user: { name: me.user.username }, excludeCredentials: [] });
    const added = await api(
      "/api/v1/users/me/passkeys",
      send({ challengeId: c.challengeId, response: await device.create(c.options), name: "Laptop" }, { token: me.token }),
    );
    expect(added.status).toBe(201);
    const list = await added.json<PasskeyList>();
    expect(list.passkeys.map((p) => p.name)).toEqual(["Laptop"]);
    const signedIn = await passkeySignIn(device);
    expect((await signedIn.json<UserSession>()).user.id).toBe(me.user.id);
    // The next ceremony excludes what is registered already.
    const next = await challenge("/api/v1/users/me/passkeys/options", undefined, me.token);
    expect(next.options.excludeCredentials).toEqual([expect.objectContaining({ id: list.passkeys[0].id })]);
    // Someone else's challenge cannot add to this account.
    const other = await signUp();
    const theirs = await challenge("/api/v1/users/me/passkeys/options", undefined, other.token);
    const stolen = await api(
      "/api/v1/users/me/passkeys",
      send({ challengeId: theirs.challengeId, response: await device.create(theirs.options) }, { token: me.token }),
    );
    expect(await codeOf(stolen)).toEqual([400, "bad_request"]);

    expect(await codeOf(await api("/api/v1/users/me/passkeys/nope", bearer(me.token, "DELETE")))).toEqual([404, "not_found"]);
    expect((await api(`/api/v1/users/me/passkeys/${list.passkeys[0].id}`, bearer(me.token, "DELETE"))).status).toBe(204);
    expect(await codeOf(await passkeySignIn(device))).toEqual([401, "unauthorized"]);

    const passkeyOnly = await passkeySignUp(new SoftAuthenticator(BASE));
    const own = await (await api("/api/v1/users/me/passkeys", bearer(passkeyOnly.token))).json<PasskeyList>();
    expect(await codeOf(await api(`/api/v1/users/me/passkeys/${own.passkeys[0].id}`, bearer(passkeyOnly.token, "DELETE")))).toEqual([
      409,
      "conflict",
    ]);
    // A passkey-only account may set its first password without a current one.
    expect((await api("/api/v1/users/me/password", send({ password: PASSWORD }, { method: "PUT", token: passkeyOnly.token }))).status).toBe(
      204,
    );
    expect((await api("/api/v1/users/session", send({ username: passkeyOnly.user.username, password: PASSWORD }))).status).toBe(201);
  });
});
