// User accounts over the v1 API: sign up and in (password or passkey), the account, its sessions and its addresses.
// The browser's part of a passkey ceremony (navigator.credentials) is the caller's; these carry its JSON.
import type {
  DeleteAccountRequest,
  OwnedAddress,
  OwnedAddressList,
  PasskeyChallenge,
  PasskeyList,
  SessionList,
  UserInfo,
  UserSession,
} from "../../src/contract/accounts.ts";
import type { CreateAddressResponse } from "../../src/contract/wire.ts";
import { KeyHolder } from "./key-holder.ts";
import { Transport } from "./transport.ts";

export interface AccountOptions {
  baseUrl: string;
  /** a user's session token; set by signUp / signIn */
  token?: string;
  siteToken?: string;
  fetch?: typeof fetch;
}

const at = (address: string) => `/api/v1/users/me/addresses/${encodeURIComponent(address)}`;

export class PigeonholeAccount extends KeyHolder {
  constructor(opts: AccountOptions) {
    super(new Transport(opts.baseUrl, opts.token, opts.fetch, opts.siteToken));
  }

  get token(): string | undefined {
    return this.http.token;
  }

  private async session(path: string, body: unknown): Promise<UserSession> {
    const s = await this.http.json<UserSession>("POST", path, { body, authed: false });
    this.http.token = s.token;
    return s;
  }

  signUp(username: string, password: string, turnstileToken?: string): Promise<UserSession> {
    return this.session("/api/v1/users", { username, password, ...(turnstileToken ? { turnstileToken } : {}) });
  }

  signIn(username: string, password: string): Promise<UserSession> {
    return this.session("/api/v1/users/session", { username, password });
  }

  /** Passkey sign-up, step one: options for navigator.credentials.create(). */
  passkeySignUpOptions(username: string): Promise<PasskeyChallenge> {
    return this.http.json("POST", "/api/v1/users/passkey/options", { body: { username }, authed: false });
  }

  passkeySignUp(challengeId: string, response: unknown, turnstileToken?: string): Promise<UserSession> {
    return this.session("/api/v1/users/passkey", { challengeId, response, ...(turnstileToken ? { turnstileToken } : {}) });
  }

  /** Passkey sign-in, step one: options for navigator.credentials.get(). */
  passkeySignInOptions(): Promise<PasskeyChallenge> {
    return this.http.json("POST", "/api/v1/users/session/passkey/options", { authed: false });
  }

  passkeySignIn(challengeId: string, response: unknown): Promise<UserSession> {
    return this.session("/api/v1/users/session/passkey", { challengeId, response });
  }

  async signOut(): Promise<void> {
    await this.http.request("DELETE", "/api/v1/users/session");
    this.http.token = undefined;
  }

  me(): Promise<UserInfo> {
    return this.http.json("GET", "/api/v1/users/me");
  }

  async changePassword(password: string, currentPassword?: string): Promise<void> {
    await this.http.request("PUT", "/api/v1/users/me/password", { body: { password, ...(currentPassword ? { currentPassword } : {}) } });
  }

  async deleteAccount(request: DeleteAccountRequest): Promise<void> {
    await this.http.request("DELETE", "/api/v1/users/me", { body: request });
    this.http.token = undefined;
  }

  sessions(): Promise<SessionList> {
    return this.http.json("GET", "/api/v1/users/me/sessions");
  }

  async revokeSession(id: string): Promise<void> {
    await this.http.request("DELETE", `/api/v1/users/me/sessions/${encodeURIComponent(id)}`);
  }

  addresses(): Promise<OwnedAddressList> {
    return this.http.json("GET", "/api/v1/users/me/addresses");
  }

  createAddress(request: { name?: string; domain?: string } = {}): Promise<CreateAddressResponse> {
    return this.http.json("POST", "/api/v1/users/me/addresses", { body: request });
  }

  /** Adopts an address into the account by its own credential. */
  bind(token: string): Promise<OwnedAddress> {
    return this.http.json("POST", "/api/v1/users/me/addresses/bind", { body: { token } });
  }

  async release(address: string): Promise<void> {
    await this.http.request("DELETE", at(address));
  }

  /** A credential for one of the account's addresses. */
  addressToken(address: string): Promise<CreateAddressResponse> {
    return this.http.json("POST", `${at(address)}/token`);
  }

  passkeys(): Promise<PasskeyList> {
    return this.http.json("GET", "/api/v1/users/me/passkeys");
  }

  addPasskeyOptions(): Promise<PasskeyChallenge> {
    return this.http.json("POST", "/api/v1/users/me/passkeys/options");
  }

  addPasskey(challengeId: string, response: unknown, name?: string): Promise<PasskeyList> {
    return this.http.json("POST", "/api/v1/users/me/passkeys", { body: { challengeId, response, ...(name ? { name } : {}) } });
  }

  async removePasskey(id: string): Promise<void> {
    await this.http.request("DELETE", `/api/v1/users/me/passkeys/${encodeURIComponent(id)}`);
  }
}
