// A WebSocket opened with a user's session lives no longer than that session:
// signing out, revoking it, a password change and the account being disabled
// close the sockets it opened (4401), and so does the address leaving the account.
// Sockets of the user's other sessions stay open and keep receiving mail.
import { describe, expect, it } from "vitest";
import type { SessionList, UserSession } from "../../src/contract/accounts";
import { CLOSE_CREDENTIALS_REVOKED, type CreateAddressResponse } from "../../src/contract/wire";
import { adminToken, bearer, PASSWORD, send, signUp } from "./directory-helpers";
import { api, deliver, openSocket, rawMessage } from "./helpers";

type Socket = Awaited<ReturnType<typeof openSocket>>;

async function newOwned(token: string): Promise<string> {
  const res = await api("/api/v1/users/me/addresses", send({}, { token }));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json<CreateAddressResponse>()).address;
}

async function signIn(username: string, password = PASSWORD): Promise<UserSession> {
  const res = await api("/api/v1/users/session", send({ username, password }));
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status}`);
  return res.json<UserSession>();
}

async function sessionIdOf(token: string): Promise<string> {
  const list = await (await api("/api/v1/users/me/sessions", bearer(token))).json<SessionList>();
  return list.sessions.find((s) => s.current)!.id;
}

/** A `revoked` frame, then closed with 4401, within a few seconds. */
async function endsRevoked(s: Socket): Promise<void> {
  await s.until(() => s.closed !== null);
  expect(s.closed).toEqual({ code: CLOSE_CREDENTIALS_REVOKED });
  expect(s.frames.at(-1)).toEqual({ type: "revoked" });
}

/** Still open, and still pushed new mail. */
async function stillLive(s: Socket, address: string, subject: string): Promise<void> {
  expect(s.closed).toBeNull();
  await deliver(address, rawMessage({ to: address, subject }));
  await s.until((f) => f.some((x) => typeof x !== "string" && x.type === "message" && x.message.subject === subject));
}

describe("sockets opened with a user's session", () => {
  it("close when that session is revoked or signs out; the other session's stay", async () => {
    const me = await signUp();
    const phone = await signIn(me.user.username);
    const [a, b] = [await newOwned(me.token), await newOwned(me.token)];
    const mine = [await openSocket(a, me.token), await openSocket(b, me.token)];
    const phones = [await openSocket(a, phone.token), await openSocket(b, phone.token)];
    for (const s of [...mine, ...phones]) await s.until((f) => f.some((x) => typeof x !== "string" && x.type === "hello"));

    const revoked = await api(`/api/v1/users/me/sessions/${await sessionIdOf(phone.token)}`, bearer(me.token, "DELETE"));
    expect(revoked.status).toBe(204);
    for (const s of phones) await endsRevoked(s);
    await stillLive(mine[0], a, "after the phone was revoked");
    await stillLive(mine[1], b, "after the phone was revoked, b");

    expect((await api("/api/v1/users/session", bearer(me.token, "DELETE"))).status).toBe(204);
    for (const s of mine) await endsRevoked(s);
  });

  it("close on a password change, but for the session that changed it", async () => {
    const me = await signUp();
    const thief = await signIn(me.user.username);
    const a = await newOwned(me.token);
    const [mine, theirs] = [await openSocket(a, me.token), await openSocket(a, thief.token)];
    const change = await api(
      "/api/v1/users/me/password",
      send({ currentPassword: PASSWORD, password: "a new password" }, { method: "PUT", token: me.token }),
    );
    expect(change.status).toBe(204);
    await endsRevoked(theirs);
    await stillLive(mine, a, "after the password change");
  });

  it("close when the admin disables the account, and when the address leaves it", async () => {
    const me = await signUp();
    const [a, b] = [await newOwned(me.token), await newOwned(me.token)];
    const s = await openSocket(b, me.token);
    expect((await api(`/api/v1/users/me/addresses/${b}`, bearer(me.token, "DELETE"))).status).toBe(204);
    await endsRevoked(s);

    const onA = await openSocket(a, me.token);
    const disabled = await api(`/api/v1/admin/users/${me.user.id}/disable`, send({}, { token: await adminToken() }));
    expect(disabled.status).toBe(200);
    await endsRevoked(onA);
  });

  it("never closes another user's socket on that user's session id", async () => {
    const [me, other] = [await signUp(), await signUp()];
    const a = await newOwned(other.token);
    const theirs = await openSocket(a, other.token);
    // `me` revokes a session id that is not theirs: 404, and the other user's socket is untouched.
    const res = await api(`/api/v1/users/me/sessions/${await sessionIdOf(other.token)}`, bearer(me.token, "DELETE"));
    expect(res.status).toBe(404);
    await stillLive(theirs, a, "someone else's revoke");
  });
});
