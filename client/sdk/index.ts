// The typed Pigeonhole SDK: the v1 API over fetch and WebSocket, for Node
// (22+) and browsers alike. Types come from src/contract/wire.ts, never copied. One file
// with type-only imports, so Node can run it directly (type stripping).
import type {
  CreateAddressRequest,
  CreateAddressResponse,
  ErrorBody,
  MailboxMeta,
  MessageDetail,
  MessageList,
  MessageSummary,
  PublicConfig,
  ServerFrame,
  TokenResponse,
  WaitResponse,
} from "../../src/contract/wire";

export type * from "../../src/contract/wire";

export interface ClientOptions {
  /** e.g. http://localhost:8787 */
  baseUrl: string;
  /** the address's credential (JWT) */
  token?: string;
  /** defaults to the credential's subject */
  address?: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

/** An API error: the HTTP status and the `{"error": {code, message}}` body. */
export class PigeonholeError extends Error {
  readonly status: number;
  readonly code: string;
  // No parameter properties: Node runs this file by stripping types only.
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "PigeonholeError";
    this.status = status;
    this.code = code;
  }
}

/** Thrown by waitForMessage when nothing matched in time. */
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`No matching message within ${ms} ms.`);
    this.name = "TimeoutError";
  }
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

export interface SubscribeOptions {
  /** replay every message with a larger id first; default 0 */
  since?: number;
  onMessage?: (message: MessageSummary) => void;
  onFrame?: (frame: ServerFrame) => void;
  /** connection trouble; the subscription keeps reconnecting unless the mailbox is gone */
  onError?: (error: unknown) => void;
  /** the mailbox expired or was deleted: no more reconnects */
  onEnd?: () => void;
}

export interface Subscription {
  /** the newest message id seen: the resume point */
  readonly lastId: number;
  close(): void;
}

/** The address a credential is for (its `sub`), read without verifying it. */
export function addressOfToken(token: string): string {
  const part = token.split(".")[1] ?? "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  const sub = (JSON.parse(json) as { sub?: unknown }).sub;
  if (typeof sub !== "string") throw new Error("This credential names no address.");
  return sub;
}

export class Pigeonhole {
  readonly baseUrl: string;
  token: string | undefined;
  address: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly WebSocketImpl: typeof WebSocket | undefined;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.token = opts.token;
    this.address = opts.address ?? (opts.token ? addressOfToken(opts.token) : undefined);
    this.fetchImpl = opts.fetch ?? ((...args) => globalThis.fetch(...args));
    this.WebSocketImpl = opts.WebSocket ?? globalThis.WebSocket;
  }

  /** Claims an address and returns a client holding its credential. */
  static async createAddress(baseUrl: string, request: CreateAddressRequest = {}, opts: Omit<ClientOptions, "baseUrl"> = {}) {
    const client = new Pigeonhole({ ...opts, baseUrl });
    const created = await client.createAddress(request);
    return { client, ...created };
  }

  /** Claims an address (random, or `{name, domain}`); this client then acts for it. */
  async createAddress(request: CreateAddressRequest = {}): Promise<CreateAddressResponse> {
    const created = await this.json<CreateAddressResponse>("POST", "/api/v1/addresses", request, false);
    this.token = created.token;
    this.address = created.address;
    return created;
  }

  /** Reopens an address with its password; this client then acts for it. */
  async login(address: string, password: string): Promise<TokenResponse> {
    const fresh = await this.json<TokenResponse>("POST", "/api/v1/tokens", { address, password }, false);
    this.token = fresh.token;
    this.address = fresh.address;
    return fresh;
  }

  config(): Promise<PublicConfig> {
    return this.json("GET", "/api/v1/config", undefined, false);
  }

  meta(): Promise<MailboxMeta> {
    return this.json("GET", this.mailboxPath(""));
  }

  async setPassword(password: string): Promise<void> {
    await this.request("PUT", this.mailboxPath("/password"), { password });
  }

  /** Newest first; pass `nextBefore` back as `before` for the next page. */
  list(opts: { limit?: number; before?: number } = {}): Promise<MessageList> {
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set("limit", String(opts.limit));
    if (opts.before !== undefined) q.set("before", String(opts.before));
    return this.json("GET", this.mailboxPath(`/messages${q.size ? `?${q}` : ""}`));
  }

  get(id: number): Promise<MessageDetail> {
    return this.json("GET", this.mailboxPath(`/messages/${id}`));
  }

  /** The raw message, byte-identical to what arrived. */
  async raw(id: number): Promise<Uint8Array> {
    const res = await this.request("GET", this.mailboxPath(`/messages/${id}/raw`));
    return new Uint8Array(await res.arrayBuffer());
  }

  async attachment(id: number, index: number): Promise<Uint8Array> {
    const res = await this.request("GET", this.mailboxPath(`/messages/${id}/attachments/${index}`));
    return new Uint8Array(await res.arrayBuffer());
  }

  async delete(id: number): Promise<void> {
    await this.request("DELETE", this.mailboxPath(`/messages/${id}`));
  }

  async clear(): Promise<void> {
    await this.request("DELETE", this.mailboxPath("/messages"));
  }

  /** Destroys the mailbox; its credentials stop working. */
  async destroy(): Promise<void> {
    await this.request("DELETE", this.mailboxPath(""));
  }

  /** One long-poll: mail with id > after, or [] when `timeoutSeconds` pass first. */
  async wait(after: number, timeoutSeconds: number, signal?: AbortSignal): Promise<MessageSummary[]> {
    const res = await this.request("GET", this.mailboxPath(`/wait?after=${after}&timeout=${timeoutSeconds}`), undefined, true, signal);
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
      const left = deadline - Date.now();
      if (left <= 0) throw new TimeoutError(timeout);
      // The server caps one long-poll; loop until our own deadline.
      const batch = await this.wait(after, Math.max(1, Math.min(30, Math.ceil(left / 1000))), opts.signal);
      for (const m of batch) {
        after = Math.max(after, m.id);
        if (match(m)) return m;
      }
      if (batch.length === 0 && Date.now() >= deadline) throw new TimeoutError(timeout);
    }
  }

  /**
   * Live mail over WebSocket. Replays everything after `since`, then streams;
   * on a dropped connection it reconnects from the last id it saw, so nothing
   * is missed and nothing is delivered twice.
   */
  subscribe(opts: SubscribeOptions = {}): Subscription {
    const WS = this.WebSocketImpl;
    if (!WS) throw new Error("No WebSocket implementation: pass one in ClientOptions.WebSocket.");
    let lastId = opts.since ?? 0;
    let socket: WebSocket | null = null;
    let closed = false;
    let retry = 0;
    let ping: ReturnType<typeof setInterval> | undefined;
    const connect = () => {
      const url = new URL(this.mailboxPath(`/ws?since=${lastId}`), this.baseUrl.replace(/^http/, "ws"));
      url.searchParams.set("token", this.requireToken());
      const ws = new WS(url.toString());
      socket = ws;
      ws.onopen = () => {
        retry = 0;
        ping = setInterval(() => ws.readyState === 1 && ws.send("ping"), 30_000);
      };
      ws.onmessage = (e) => {
        const text = typeof e.data === "string" ? e.data : "";
        if (!text.startsWith("{")) return;
        const frame = JSON.parse(text) as ServerFrame;
        if (frame.type === "message") {
          if (frame.message.id <= lastId) return;
          lastId = frame.message.id;
          opts.onMessage?.(frame.message);
        }
        opts.onFrame?.(frame);
        if (frame.type === "expired") end();
      };
      ws.onerror = (e) => opts.onError?.(e);
      ws.onclose = (e) => {
        clearInterval(ping);
        if (closed) return;
        // 4000: the mailbox is gone; 1008/401-style refusals will not heal by retrying forever either.
        if (e.code === 4000) return end();
        retry++;
        setTimeout(() => !closed && connect(), Math.min(30_000, 250 * 2 ** Math.min(retry, 7)));
      };
    };
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      socket?.close(1000, "done");
      opts.onEnd?.();
    };
    connect();
    return {
      get lastId() {
        return lastId;
      },
      close: () => {
        closed = true;
        clearInterval(ping);
        socket?.close(1000, "done");
      },
    };
  }

  // ---- plumbing -----------------------------------------------------------

  private requireToken(): string {
    if (!this.token) throw new Error("This call needs a credential: create an address, log in, or pass a token.");
    return this.token;
  }

  private mailboxPath(rest: string): string {
    if (!this.address) throw new Error("No address: create one, log in, or pass a token.");
    return `/api/v1/mailboxes/${encodeURIComponent(this.address)}${rest}`;
  }

  private async request(method: string, path: string, body?: unknown, authed = true, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (authed) headers.authorization = `Bearer ${this.requireToken()}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await this.fetchImpl(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (res.ok) return res;
    let err: ErrorBody["error"] = { code: "internal", message: `HTTP ${res.status}` };
    try {
      err = ((await res.json()) as ErrorBody).error ?? err;
    } catch {
      // not our JSON
    }
    throw new PigeonholeError(res.status, err.code, err.message);
  }

  private async json<T>(method: string, path: string, body?: unknown, authed = true): Promise<T> {
    return (await (await this.request(method, path, body, authed)).json()) as T;
  }
}
