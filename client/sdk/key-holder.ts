// What a user's session and the admin's share: API key calls (a user's own keys; the admin's are the deployment's).
import type { ApiKeyList, ApiKeyScope, CreatedApiKey } from "../../src/contract/agents.ts";
import type { Transport } from "./transport.ts";

export class KeyHolder {
  // A plain field, not a parameter property: the CLI runs this file under Node's type stripping.
  readonly http: Transport;
  constructor(http: Transport) {
    this.http = http;
  }

  /** A new API key for scripts: `key` is shown this once. Every scope when none are given. The admin's are audited. */
  createKey(name: string, scopes?: ApiKeyScope[], expiresAt?: string): Promise<CreatedApiKey> {
    return this.http.json("POST", "/api/v1/keys", { body: { name, ...(scopes ? { scopes } : {}), ...(expiresAt ? { expiresAt } : {}) } });
  }

  /** The holder's keys with `lastUsedAt`, never their secrets: a user's own, or for the admin the deployment's only. */
  keys(): Promise<ApiKeyList> {
    return this.http.json("GET", "/api/v1/keys");
  }

  /** A user revokes their own keys; the admin any key (audited). */
  async revokeKey(id: string): Promise<void> {
    await this.http.request("DELETE", `/api/v1/keys/${encodeURIComponent(id)}`);
  }
}
