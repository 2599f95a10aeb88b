// Changing a password needs the current one; "sign out everywhere" revokes
// every credential of a mailbox and hands the caller a new one, without
// changing the mailbox's identity (message ids, the mail.tm account and its ids).
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";
import { mt, mtAccount } from "./mailtm-helpers";
import { newChatId, tell } from "./remote";

async function setPassword(address: string, token: string, body: Record<string, unknown>) {
  const res = await api(`/api/v1/mailboxes/${address}/password`, auth(token, { method: "PUT", body: JSON.stringify(body) }));
  return { status: res.status, body: res.status === 204 ? null : await res.json<any>() };
}

async function revoke(address: string, token: string, body: Record<string, unknown> = {}) {
  const res = await api(`/api/v1/mailboxes/${address}/sessions/revoke`, auth(token, { method: "POST", body: JSON.stringify(body) }));
  return { status: res.status, body: await res.json<any>() };
}

async function login(address: string, password: string) {
  const res = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address, password }) });
  return { status: res.status, body: await res.json<any>() };
}

const metaStatus = async (address: string, token: string) => (await api(`/api/v1/mailboxes/${address}`, auth(token))).status;

describe("changing the password", () => {
  it("sets a first password with the credential alone, then asks for the current one to change it", async () => {
    const { address, token } = await claim();
    expect((await setPassword(address, token, { password: "the first one" })).status).toBe(204);
    // A credential holder who does not know it (a share-link recipient) cannot replace it.
    const missing = await setPassword(address, token, { password: "hijacked now" });
    expect(missing.status).toBe(403);
    expect(missing.body.error.message).toMatch(/currentPassword/);
    const wrong = await setPassword(address, token, { password: "hijacked now", currentPassword: "not the first" });
    expect(wrong.status).toBe(403);
    expect((await login(address, "hijacked now")).status).toBe(401);
    expect((await setPassword(address, token, { password: "the second one", currentPassword: "the first one" })).status).toBe(204);
    expect((await login(address, "the first one")).status).toBe(401);
    expect((await login(address, "the second one")).status).toBe(201);
  });

  it("counts wrong current passwords against the login throttle", async () => {
    const { address, token } = await claim();
    await setPassword(address, token, { password: "the real one" });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await setPassword(address, token, { password: "x".repeat(10), currentPassword: `guess ${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses).toContain(429);
  });

  it("refuses unknown fields", async () => {
    const { address, token } = await claim();
    expect((await setPassword(address, token, { password: "fine password", current: "typo" })).status).toBe(400);
  });
});

describe("sign out everywhere", () => {
  it("revokes every credential, ends their sockets and long-polls, and returns a new one", async () => {
    const { address, token: first } = await claim();
    await setPassword(address, first, { password: "owner knows it" });
    const second = (await login(address, "owner knows it")).body.token as string;
    const sock = await openSocket(address, first, 0);
    await sock.until((f) => f.length === 1);
    const poll = api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=20`, auth(second));
    await new Promise((r) => setTimeout(r, 100));

    expect((await revoke(address, second)).status).toBe(403); // a password is set: it must be given
    const done = await revoke(address, second, { currentPassword: "owner knows it" });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ address, token: expect.any(String), expiresAt: expect.any(String) });
    const fresh = done.body.token as string;

    expect(await metaStatus(address, first)).toBe(401);
    expect(await metaStatus(address, second)).toBe(401);
    // The mailbox lives on: the answer says the credential was revoked, not that the mailbox is gone.
    const stale = await (await api(`/api/v1/mailboxes/${address}`, auth(first))).json<any>();
    expect(stale.error.message).toMatch(/revoked/);
    expect(await metaStatus(address, fresh)).toBe(200);
    await sock.until(() => sock.closed !== null);
    expect(sock.closed).toEqual({ code: 4401 });
    expect((await poll).status).toBe(204);
    // The password still works, and gives credentials of the new generation.
    const again = await login(address, "owner knows it");
    expect(await metaStatus(address, again.body.token)).toBe(200);
  });

  it("needs no password where none is set, and unbinds Telegram chats (they held a credential too)", async () => {
    const { address, token } = await claim();
    const chat = newChatId();
    expect((await tell(chat, `/bind ${token}`)).body?.text).toContain(address);
    const done = await revoke(address, token);
    expect(done.status).toBe(200);
    expect((await tell(chat, "/list")).body?.text).not.toContain(address);
    const chats = await runInDurableObject(env.MAILBOX.getByName(address), (_m: Mailbox, state) =>
      state.storage.sql.exec("SELECT count(*) AS c FROM telegram_chats").one(),
    );
    expect(chats.c).toBe(0);
  });

  it("keeps the mailbox's identity: message ids, the mail.tm account id and mail.tm message ids", async () => {
    const account = await mtAccount();
    await deliver(account.address, rawMessage({ to: account.address, subject: "kept" }));
    const before = (await mt("/messages", { token: account.token })).body;
    const v1Before = await (await api(`/api/v1/mailboxes/${account.address}/messages`, auth(account.token))).json<any>();

    const done = await revoke(account.address, account.token, { currentPassword: account.password });
    expect(done.status).toBe(200);
    const fresh = done.body.token as string;
    expect((await mt("/me", { token: account.token })).status).toBe(401);

    const me = await mt("/me", { token: fresh });
    expect(me.body.id).toBe(account.id);
    expect((await mt("/messages", { token: fresh })).body).toEqual(before);
    const v1After = await (await api(`/api/v1/mailboxes/${account.address}/messages`, auth(fresh))).json<any>();
    expect(v1After.messages.map((m: { id: number }) => m.id)).toEqual(v1Before.messages.map((m: { id: number }) => m.id));
    // Logging in again through mail.tm finds the same account.
    const relog = await mt("/token", { method: "POST", body: { address: account.address, password: account.password } });
    expect(relog.body.id).toBe(account.id);
  });

  it("gives a mailbox from before the identity existed the identity its epoch gave it, when it wakes", async () => {
    const { address } = await claim();
    const stub = env.MAILBOX.getByName(address);
    const epoch = await runInDurableObject(stub, (_m: Mailbox, state) => {
      const sql = state.storage.sql;
      sql.exec("DELETE FROM meta WHERE key = 'mailbox_id'");
      sql.exec("DELETE FROM schema_version WHERE version = 4");
      return sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'epoch'").one().value;
    });
    await evictDurableObject(stub);
    const id = await runInDurableObject(
      stub,
      (_m: Mailbox, state) => state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'mailbox_id'").one().value,
    );
    // So its mail.tm account id (derived from the epoch until now) stays what it was.
    expect(id).toBe(epoch);
  });
});
