// The admin API: sign in with ADMIN_PASSWORD, then addresses, send quotas, the blocklist, statistics, users, the audit log and deployment API keys.
import type {
  AdminSession,
  AdminStats,
  AuditList,
  Blocklist,
  DirectoryAddressList,
  SendQuota,
  UserInfo,
  UserList,
} from "../../src/contract/accounts.ts";
import type { CreateAddressResponse } from "../../src/contract/wire.ts";
import { KeyHolder } from "./key-holder.ts";
import { Transport } from "./transport.ts";

export interface AdminOptions {
  baseUrl: string;
  token?: string;
  siteToken?: string;
  fetch?: typeof fetch;
}

export interface Page {
  query?: string;
  before?: number;
  limit?: number;
}

function pageQuery(p: Page): string {
  const q = new URLSearchParams();
  if (p.query) q.set("query", p.query);
  if (p.before !== undefined) q.set("before", String(p.before));
  if (p.limit !== undefined) q.set("limit", String(p.limit));
  return q.size ? `?${q}` : "";
}

const at = (address: string) => `/api/v1/admin/addresses/${encodeURIComponent(address)}`;

export class PigeonholeAdmin extends KeyHolder {
  constructor(opts: AdminOptions) {
    super(new Transport(opts.baseUrl, opts.token, opts.fetch, opts.siteToken));
  }

  async signIn(password: string): Promise<AdminSession> {
    const s = await this.http.json<AdminSession>("POST", "/api/v1/admin/session", { body: { password }, authed: false });
    this.http.token = s.token;
    return s;
  }

  async signOut(): Promise<void> {
    await this.http.request("DELETE", "/api/v1/admin/session");
    this.http.token = undefined;
  }

  addresses(page: Page = {}): Promise<DirectoryAddressList> {
    return this.http.json("GET", `/api/v1/admin/addresses${pageQuery(page)}`);
  }

  async deleteAddress(address: string): Promise<void> {
    await this.http.request("DELETE", at(address));
  }

  /** A credential to open the address (recorded in the audit log). */
  addressToken(address: string): Promise<CreateAddressResponse> {
    return this.http.json("POST", `${at(address)}/token`);
  }

  setSendQuota(address: string, daily: number | null): Promise<SendQuota> {
    return this.http.json("PUT", `${at(address)}/send-quota`, { body: { daily } });
  }

  blocklist(): Promise<Blocklist> {
    return this.http.json("GET", "/api/v1/admin/blocklist");
  }

  setBlocklist(list: Blocklist): Promise<Blocklist> {
    return this.http.json("PUT", "/api/v1/admin/blocklist", { body: list });
  }

  stats(): Promise<AdminStats> {
    return this.http.json("GET", "/api/v1/admin/stats");
  }

  users(page: Page = {}): Promise<UserList> {
    return this.http.json("GET", `/api/v1/admin/users${pageQuery(page)}`);
  }

  createUser(username: string, password: string): Promise<UserInfo> {
    return this.http.json("POST", "/api/v1/admin/users", { body: { username, password } });
  }

  setUserDisabled(id: string, disabled: boolean): Promise<UserInfo> {
    return this.http.json("POST", `/api/v1/admin/users/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`);
  }

  audit(page: Omit<Page, "query"> = {}): Promise<AuditList> {
    return this.http.json("GET", `/api/v1/admin/audit${pageQuery(page)}`);
  }
}
