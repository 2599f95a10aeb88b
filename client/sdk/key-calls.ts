// The three API key calls a user's session and the admin's share (the admin's are the deployment's keys).
import type { ApiKeyList, ApiKeyScope, CreatedApiKey } from "../../src/contract/agents.ts";
import type { Transport } from "./transport.ts";

export function createKey(http: Transport, name: string, scopes?: ApiKeyScope[], expiresAt?: string): Promise<CreatedApiKey> {
  return http.json("POST", "/api/v1/keys", { body: { name, ...(scopes ? { scopes } : {}), ...(expiresAt ? { expiresAt } : {}) } });
}

export function listKeys(http: Transport): Promise<ApiKeyList> {
  return http.json("GET", "/api/v1/keys");
}

export async function revokeKey(http: Transport, id: string): Promise<void> {
  await http.request("DELETE", `/api/v1/keys/${encodeURIComponent(id)}`);
}
