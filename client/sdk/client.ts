// Pigeonhole: the v1 API of one address as method calls (create, read, wait, subscribe).

import type { SiteSession } from "../../src/contract/accounts.ts";
import type { NextCode } from "../../src/contract/agents.ts";
import type {
  BlockedSender,
  BlockedSenderList,
  CreateAddressRequest,
  CreateAddressResponse,
  DeliveryLog,
  ForwardRule,
  ForwardRuleList,
  MailboxMeta,
  MessageDetail,
  MessageFolder,
  MessageList,
  MessageSummary,
  PublicConfig,
  RevokeRequest,
  SendRequest,
  SendResponse,
  SetPasswordRequest,
  TokenResponse,
  WaitResponse,
} from "../../src/contract/wire.ts";
import { type NextCodeOptions, nextCode } from "./codes.ts";
import { beforeDeadline, pollSeconds } from "./deadline.ts";
import { TimeoutError } from "./errors.ts";
import { type SubscribeOptions, type Subscription, subscribeMailbox } from "./live.ts";
import { Transport } from "./transport.ts";

export interface ClientOptions {
  /** e.g. http://localhost:8787 */
  baseUrl: string;
  /** the address's credential (JWT), a user's session that owns the address, or an API key that created it (give `address`) */
  token?: string;
  /** a private site's token (POST /api/v1/site/session) */
  siteToken?: string;
  /** defaults to the credential's subject */
  address?: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export interface WaitOptions {
  /** which message counts; default: any */
  match?: (message: MessageSummary) => boolean;
  /** milliseconds; default 60 000 */
  timeout?: number;
  /** only mail with a larger id; default 0 (mail already there counts); "now" = only mail arriving from now on */
  after?: number | "now";
  signal?: AbortSignal;
}

/** The address a credential is for (its `sub`), read without verifying it. */
export function addressOfToken(token: string): string {
  const part = token.split(".")[1] ?? "";
  let sub: unknown;
  try {
    const json = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    sub = (JSON.parse(json) as { sub?: unknown }).sub;
  } catch {
    // A mistyped or truncated token: say what it is not, not what the decoder tripped on.
    throw new Error("This is not a Pigeonhole credential (a JWT from creating the address or signing in).");
  }
  if (typeof sub !== "string") throw new Error("This credential names no address.");
  return sub;
}

export class Pigeonhole {
  readonly http: Transport;
  address: string | undefined;
  private readonly WebSocketImpl: typeof WebSocket | undefined;

  constructor(opts: ClientOptions) {
    this.http = new Transport(opts.baseUrl, opts.token, opts.fetch, opts.siteToken);
    this.address = opts.address ?? (opts.token && !opts.token.startsWith("ph_") ? addressOfToken(opts.token) : undefined);
    this.WebSocketImpl = opts.WebSocket ?? globalThis.WebSocket;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  get token(): string | undefined {
    return this.http.token;
  }

  /** Claims an address and returns a client holding its credential. */
  static async createAddress(baseUrl: string, request: CreateAddressRequest = {}, opts: Omit<ClientOptions, "baseUrl"> = {}) {
    const client = new Pigeonhole({ ...opts, baseUrl });
    const created = await client.createAddress(request);
    return { client, ...created };
  }

  /** Claims an address (random, or `{name, domain}`); this client then acts for it. */
  async createAddress(request: CreateAddressRequest = {}): Promise<CreateAddressResponse> {
    const created = await this.http.json<CreateAddressResponse>("POST", "/api/v1/addresses", { body: request, authed: false });
    this.http.token = created.token;
    this.address = created.address;
    return created;
  }

  /** Reopens an address with its password; this client then acts for it. */
  async login(address: string, password: string): Promise<TokenResponse> {
    const fresh = await this.http.json<TokenResponse>("POST", "/api/v1/tokens", { body: { address, password }, authed: false });
    this.http.token = fresh.token;
    this.address = fresh.address;
    return fresh;
  }

  /** A private site: exchanges its password for a site token, which this client then sends. */
  async openSite(password: string): Promise<SiteSession> {
    const s = await this.http.json<SiteSession>("POST", "/api/v1/site/session", { body: { password }, authed: false });
    this.http.siteToken = s.token;
    return s;
  }

  config(): Promise<PublicConfig> {
    return this.http.json("GET", "/api/v1/config", { authed: false });
  }

  meta(): Promise<MailboxMeta> {
    return this.http.json("GET", this.mailboxPath(""));
  }

  /** Sets the password; replacing one needs the current one. */
  async setPassword(password: string, currentPassword?: string): Promise<void> {
    const body: SetPasswordRequest = currentPassword === undefined ? { password } : { password, currentPassword };
    await this.http.request("PUT", this.mailboxPath("/password"), { body });
  }

  /**
   * Sign out everywhere: every credential of this address stops working (its
   * sockets close, bound Telegram chats are unbound); this client carries on
   * with the new one it gets back. Needs the password when one is set.
   */
  async revokeCredentials(currentPassword?: string): Promise<TokenResponse> {
    const body: RevokeRequest = currentPassword === undefined ? {} : { currentPassword };
    const fresh = await this.http.json<TokenResponse>("POST", this.mailboxPath("/sessions/revoke"), { body });
    this.http.token = fresh.token;
    return fresh;
  }

  /** One folder (the inbox unless `folder` says "sent" or "junk"), newest first; pass `nextBefore` back as `before` for the next page. */
  list(opts: { limit?: number; before?: number; folder?: MessageFolder } = {}): Promise<MessageList> {
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set("limit", String(opts.limit));
    if (opts.before !== undefined) q.set("before", String(opts.before));
    if (opts.folder !== undefined) q.set("folder", opts.folder);
    return this.http.json("GET", this.mailboxPath(`/messages${q.size ? `?${q}` : ""}`));
  }

  get(id: number): Promise<MessageDetail> {
    return this.http.json("GET", this.mailboxPath(`/messages/${id}`));
  }

  /** The raw message, byte-identical to what arrived. */
  async raw(id: number): Promise<Uint8Array> {
    const res = await this.http.request("GET", this.mailboxPath(`/messages/${id}/raw`));
    return new Uint8Array(await res.arrayBuffer());
  }

  async attachment(id: number, index: number): Promise<Uint8Array> {
    const res = await this.http.request("GET", this.mailboxPath(`/messages/${id}/attachments/${index}`));
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Marks a message read or unread in the mailbox (every live client hears a `seen` frame). */
  markSeen(id: number, seen = true): Promise<MessageSummary> {
    return this.http.json("PATCH", this.mailboxPath(`/messages/${id}`), { body: { seen } });
  }

  async delete(id: number): Promise<void> {
    await this.http.request("DELETE", this.mailboxPath(`/messages/${id}`));
  }

  async clear(): Promise<void> {
    await this.http.request("DELETE", this.mailboxPath("/messages"));
  }

  /** Destroys the mailbox; its credentials stop working. */
  async destroy(): Promise<void> {
    await this.http.request("DELETE", this.mailboxPath(""));
  }

  /**
   * Sends from this address (`replyTo` / `forward`: the id of a stored message to answer or pass on).
   * Resolves once it is stored in the sent folder and queued; its status follows as `status` frames.
   */
  send(request: SendRequest): Promise<SendResponse> {
    return this.http.json("POST", this.mailboxPath("/send"), { body: request });
  }

  /** Sends a whole RFC 822 message whose From is this address (or a +tag of it); `rcpt` overrides its recipients. */
  sendRaw(raw: Uint8Array | string, rcpt: string[] = []): Promise<SendResponse> {
    const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
    const q = new URLSearchParams();
    for (const r of rcpt) q.append("rcpt", r);
    return this.http.json("POST", this.mailboxPath(`/send/raw${q.size ? `?${q}` : ""}`), { bytes, contentType: "message/rfc822" });
  }

  /** Forward every mail that arrives here to `to` as well. */
  addForward(to: string): Promise<ForwardRule> {
    return this.http.json("POST", this.mailboxPath("/forwards"), { body: { to } });
  }

  async forwards(): Promise<ForwardRule[]> {
    return (await this.http.json<ForwardRuleList>("GET", this.mailboxPath("/forwards"))).forwards;
  }

  async deleteForward(id: string): Promise<void> {
    await this.http.request("DELETE", this.mailboxPath(`/forwards/${encodeURIComponent(id)}`));
  }

  /** The last inbound attempts, newest first: accepted, junked, or rejected and why. */
  deliveries(limit?: number): Promise<DeliveryLog> {
    return this.http.json("GET", this.mailboxPath(`/deliveries${limit === undefined ? "" : `?limit=${limit}`}`));
  }

  blockedSenders(): Promise<BlockedSenderList> {
    return this.http.json("GET", this.mailboxPath("/blocked-senders"));
  }

  /** Refuse mail from an address, or a domain ("example.com", "*@example.com") and its subdomains. */
  blockSender(sender: string): Promise<BlockedSender> {
    return this.http.json("POST", this.mailboxPath("/blocked-senders"), { body: { sender } });
  }

  async unblockSender(sender: string): Promise<void> {
    await this.http.request("DELETE", this.mailboxPath(`/blocked-senders/${encodeURIComponent(sender)}`));
  }

  /** One long-poll: mail with id > after, or [] when `timeoutSeconds` pass first. */
  async wait(after: number, timeoutSeconds: number, signal?: AbortSignal): Promise<MessageSummary[]> {
    const res = await this.http.request("GET", this.mailboxPath(`/wait?after=${after}&timeout=${timeoutSeconds}`), { signal });
    if (res.status === 204) return [];
    return ((await res.json()) as WaitResponse).messages;
  }

  /** Resolves with the first message (id > after) that `match` accepts; rejects with TimeoutError. */
  async waitForMessage(opts: WaitOptions = {}): Promise<MessageSummary> {
    const timeout = opts.timeout ?? 60_000;
    const deadline = Date.now() + timeout;
    const match = opts.match ?? (() => true);
    let after = opts.after === "now" ? (await this.meta()).latestId : (opts.after ?? 0);
    for (;;) {
      if (Date.now() >= deadline) throw new TimeoutError(timeout);
      // The server caps one long-poll; loop until our own deadline, which cuts the last one short.
      const batch = await beforeDeadline(deadline, opts.signal, (signal) => this.wait(after, pollSeconds(deadline), signal));
      if (batch === "deadline") throw new TimeoutError(timeout);
      for (const m of batch) {
        after = Math.max(after, m.id);
        if (match(m)) return m;
      }
      if (batch.length === 0 && Date.now() >= deadline) throw new TimeoutError(timeout);
    }
  }

  /** The next verification code or link not yet handed out (each goes to one caller); rejects with TimeoutError. */
  async nextCode(opts: NextCodeOptions = {}): Promise<NextCode> {
    const after = opts.after === "now" ? (await this.meta()).latestId : (opts.after ?? 0);
    return nextCode(this.http, this.mailboxPath("/codes"), after, opts);
  }

  /**
   * Live mail over WebSocket. Replays everything after `since`, then streams;
   * on a dropped connection it reconnects from the last id it saw, so nothing
   * is missed and nothing is delivered twice.
   */
  subscribe(opts: SubscribeOptions = {}): Subscription {
    const WS = this.WebSocketImpl;
    if (!WS) throw new Error("No WebSocket implementation: pass one in ClientOptions.WebSocket.");
    const token = this.http.requireToken();
    const url = (since: number) => {
      const u = new URL(this.mailboxPath(`/ws?since=${since}`), this.baseUrl.replace(/^http/, "ws"));
      u.searchParams.set("token", token);
      if (this.http.siteToken) u.searchParams.set("site", this.http.siteToken);
      return u.toString();
    };
    return subscribeMailbox(url, WS, opts);
  }

  private mailboxPath(rest: string): string {
    if (!this.address) throw new Error("No address: create one, log in, or pass a token.");
    return `/api/v1/mailboxes/${encodeURIComponent(this.address)}${rest}`;
  }
}
