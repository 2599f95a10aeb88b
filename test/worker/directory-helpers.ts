// Test helpers for the directory, users and the admin: the Worker under other
// vars (a private site, Turnstile, closed registration), sessions, and a
// mailbox's directory updates sent now rather than whenever its alarm runs.
import { createExecutionContext, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { UserSession } from "../../src/contract/accounts";
import type { ConfigVars } from "../../src/contract/config-vars";
import worker from "../../src/index";
import credentials from "../fake-remote/credentials.json";
import { api, BASE } from "./helpers";

export const ADMIN_PASSWORD = credentials.adminPassword;
export const TURNSTILE_SECRET = credentials.turnstileSecret;
export const PASSWORD = "correct horse battery";

/** Calls the Worker with some vars changed: the router reads its config on every request. */
export async function apiWith(vars: Partial<ConfigVars>, path: string, init?: RequestInit): Promise<Response> {
  const req = new Request(BASE + path, init);
  if (!req.headers.has("cf-connecting-ip"))
    req.headers.set("cf-connecting-ip", `198.51.100.${Math.floor(Math.random() * 250)}:${crypto.randomUUID()}`);
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as never, { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A JSON request (POST unless said otherwise), with a bearer token if given. */
export function send(body: unknown, opts: { method?: string; token?: string; headers?: Record<string, string> } = {}): RequestInit {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return { method: opts.method ?? "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

export function bearer(token: string, method = "GET"): RequestInit {
  return { method, headers: { authorization: `Bearer ${token}` } };
}

export async function adminToken(): Promise<string> {
  const res = await api("/api/v1/admin/session", send({ password: ADMIN_PASSWORD }));
  if (res.status !== 201) throw new Error(`admin sign-in failed: ${res.status} ${await res.text()}`);
  return (await res.json<{ token: string }>()).token;
}

let users = 0;
/** A fresh username, unique across the test file. */
export function username(prefix = "user"): string {
  return `${prefix}${++users}-${crypto.randomUUID().slice(0, 6)}`;
}

export async function signUp(name = username(), password = PASSWORD): Promise<UserSession> {
  const res = await api("/api/v1/users", send({ username: name, password }));
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return res.json<UserSession>();
}

/** Directory updates a mailbox still owes (pending or in flight). */
export async function owedToDirectory(address: string): Promise<number> {
  return runInDurableObject(env.MAILBOX.getByName(address), (_o, state) => {
    const r = state.storage.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE target_kind = 'directory' AND state IN ('pending', 'sending')")
      .one();
    return r.n;
  });
}

/** Waits until the mailbox has told the directory everything (running its alarm rather than waiting for it). */
export async function syncDirectory(address: string, ms = 10_000): Promise<void> {
  const stub = env.MAILBOX.getByName(address);
  const deadline = Date.now() + ms;
  while ((await owedToDirectory(address)) > 0) {
    if (Date.now() > deadline) throw new Error(`${address} still owes the directory after ${ms} ms`);
    if (!(await runDurableObjectAlarm(stub))) await new Promise((r) => setTimeout(r, 20));
  }
}

/** The directory's row for an address, straight from D1. */
export async function directoryRow(address: string) {
  return env.DIRECTORY.prepare("SELECT * FROM addresses WHERE address = ?")
    .bind(address)
    .first<{ address: string; state: string; owner: string | null; created_at: number; expires_at: number; version: number }>();
}
