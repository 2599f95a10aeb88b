// Scripts with an API key: create addresses that the key itself opens (no
// credential per address), and see what quota the key has left.
import type { ApiKeyStatus, KeyCreatedAddress } from "../../src/contract/agents.ts";
import { Pigeonhole } from "./client.ts";
import { Transport } from "./transport.ts";

export interface KeyOptions {
  baseUrl: string;
  /** the `ph_…` key */
  key: string;
  /** a private site needs none: a key passes it */
  fetch?: typeof fetch;
}

export class PigeonholeKey {
  readonly http: Transport;
  private readonly fetchImpl: typeof fetch | undefined;

  constructor(opts: KeyOptions) {
    this.http = new Transport(opts.baseUrl, opts.key, opts.fetch);
    this.fetchImpl = opts.fetch;
  }

  /** Creates an address (random, or `{name, domain}`) and a client that acts on it with the key. */
  async createAddress(request: { name?: string; domain?: string } = {}): Promise<KeyCreatedAddress & { client: Pigeonhole }> {
    const created = await this.http.json<KeyCreatedAddress>("POST", "/api/v1/addresses", { body: request });
    return { ...created, client: this.mailbox(created.address) };
  }

  /** A client for an address this key created (list, read, nextCode, send within the key's scopes). */
  mailbox(address: string): Pigeonhole {
    return new Pigeonhole({ baseUrl: this.http.baseUrl, token: this.http.requireToken(), address, fetch: this.fetchImpl });
  }

  /** The key, and its creation and request quotas as they stand. */
  status(): Promise<ApiKeyStatus> {
    return this.http.json("GET", "/api/v1/keys/me");
  }
}
