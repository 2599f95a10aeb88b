// Helpers for the mail.tm contract tests: JSON calls under /mailtm and an
// account made the way a mail.tm client makes one.
import { api, DOMAIN } from "./helpers";

export const JSON_ACCEPT = { accept: "application/json", "content-type": "application/json" };

export async function mt(path: string, init: { method?: string; token?: string; body?: unknown; accept?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.accept !== "") headers.accept = init.accept ?? "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await api(`/mailtm${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

export interface MtAccount {
  address: string;
  password: string;
  id: string;
  token: string;
}

let n = 0;
export async function mtAccount(name = `mt${Date.now().toString(36)}${n++}`): Promise<MtAccount> {
  const address = `${name}@${DOMAIN}`;
  const password = "correct horse battery";
  const created = await mt("/accounts", { method: "POST", body: { address, password } });
  if (created.status !== 201) throw new Error(`register failed: ${created.status} ${JSON.stringify(created.body)}`);
  const token = await mt("/token", { method: "POST", body: { address, password } });
  if (token.status !== 200) throw new Error(`login failed: ${token.status} ${JSON.stringify(token.body)}`);
  return { address, password, id: token.body.id, token: token.body.token };
}
