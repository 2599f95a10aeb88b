// The auth matrix: every owner route × every kind of wrong credential.
import { describe, expect, it } from "vitest";
import { api, auth, claim, deliver, rawMessage } from "./helpers";

const ROUTES: [string, string][] = [
  ["GET", ""],
  ["DELETE", ""],
  ["GET", "/messages"],
  ["DELETE", "/messages"],
  ["GET", "/messages/1"],
  ["DELETE", "/messages/1"],
  ["GET", "/messages/1/raw"],
  ["GET", "/messages/1/attachments/0"],
  ["GET", "/wait?timeout=0"],
];

async function status(method: string, path: string, headers: Record<string, string>): Promise<[number, string]> {
  const res = await api(path, { method, headers });
  const body = await res.json<{ error?: { code: string } }>();
  return [res.status, body.error?.code ?? "ok"];
}

describe("credentials", () => {
  it("refuses every owner route without a token (401), with another address's (403), and tampered (401)", async () => {
    const a = await claim("owner-a");
    const b = await claim("owner-b");
    await deliver(a.address, rawMessage({ to: a.address }));
    const [h, p, s] = a.token.split(".");
    const payload = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...payload, sub: b.address }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    for (const [method, suffix] of ROUTES) {
      const path = `/api/v1/mailboxes/${a.address}${suffix}`;
      expect(await status(method, path, {}), `${method} ${suffix} none`).toEqual([401, "unauthorized"]);
      expect(await status(method, path, { Authorization: "Basic abc" }), `${method} ${suffix} basic`).toEqual([401, "unauthorized"]);
      expect(await status(method, path, { Authorization: `Bearer ${b.token}` }), `${method} ${suffix} other`).toEqual([403, "forbidden"]);
      expect(await status(method, path, { Authorization: `Bearer ${h}.${p}.${s.slice(0, -2)}xx` }), `${method} ${suffix} sig`).toEqual([
        401,
        "unauthorized",
      ]);
      expect(
        await status(method, `/api/v1/mailboxes/${b.address}${suffix}`, { Authorization: `Bearer ${h}.${forged}.${s}` }),
        `${method} ${suffix} forged`,
      ).toEqual([401, "unauthorized"]);
    }
    // and the owner still can
    expect((await api(`/api/v1/mailboxes/${a.address}/messages/1`, auth(a.token))).status).toBe(200);
  });

  it("refuses an algorithm-none token", async () => {
    const a = await claim("alg-none");
    const [, p] = a.token.split(".");
    const none = `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, "")}.${p}.`;
    expect((await api(`/api/v1/mailboxes/${a.address}`, auth(none))).status).toBe(401);
  });

  it("kills a token when its mailbox is destroyed, even after the name is created again", async () => {
    const first = await claim("reborn");
    expect((await api(`/api/v1/mailboxes/${first.address}`, auth(first.token, { method: "DELETE" }))).status).toBe(204);
    expect((await api(`/api/v1/mailboxes/${first.address}`, auth(first.token))).status).toBe(401);
    // Quarantine over: let the name be claimed again (simulated by the object's own alarm).
    const { env, runInDurableObject, runDurableObjectAlarm } = await import("cloudflare:test");
    const stub = env.MAILBOX.getByName(first.address);
    await runInDurableObject(stub, (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET value = '1' WHERE key = 'quarantine_until'");
    });
    await runInDurableObject(stub, (obj) => (obj as unknown as { parts: { lifetime: { forget(): void } } }).parts.lifetime.forget());
    await runDurableObjectAlarm(stub);
    const second = await claim("reborn");
    expect(second.address).toBe(first.address);
    expect((await api(`/api/v1/mailboxes/${first.address}`, auth(first.token))).status).toBe(401);
    const meta = await api(`/api/v1/mailboxes/${first.address}`, auth(second.token));
    expect(meta.status).toBe(200);
    // the old token cannot open a socket either
    const ws = await api(`/api/v1/mailboxes/${first.address}/ws`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${first.token}` },
    });
    expect(ws.status).toBe(401);
  });

  it("accepts the browser's ?token= only on the WebSocket route", async () => {
    const a = await claim("query-token");
    expect((await api(`/api/v1/mailboxes/${a.address}?token=${a.token}`)).status).toBe(401);
    const ws = await api(`/api/v1/mailboxes/${a.address}/ws?token=${a.token}`, { headers: { Upgrade: "websocket" } });
    expect(ws.status).toBe(101);
    ws.webSocket!.accept();
    ws.webSocket!.close();
  });
});
