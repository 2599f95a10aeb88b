// The HTTP side of the SDK: one request function with the bearer credential and coded errors.
import type { ErrorBody } from "../../src/contract/errors.ts";
import { PigeonholeError } from "./errors.ts";

export interface RequestOptions {
  body?: unknown;
  /** bytes sent as they are (with `contentType`) instead of a JSON body */
  bytes?: Uint8Array;
  contentType?: string;
  /** send the credential (default true) */
  authed?: boolean;
  signal?: AbortSignal;
}

export class Transport {
  readonly baseUrl: string;
  token: string | undefined;
  /** a private site's token (POST /api/v1/site/session), sent with every request */
  siteToken: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(baseUrl: string, token: string | undefined, fetchImpl?: typeof fetch, siteToken?: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.token = token;
    this.siteToken = siteToken;
    this.fetchImpl = fetchImpl ?? ((...args) => globalThis.fetch(...args));
  }

  requireToken(): string {
    if (!this.token) throw new Error("This call needs a credential: create an address, log in, or pass a token.");
    return this.token;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (opts.authed !== false) headers.authorization = `Bearer ${this.requireToken()}`;
    if (this.siteToken) headers["x-site-token"] = this.siteToken;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.bytes !== undefined) headers["content-type"] = opts.contentType ?? "application/octet-stream";
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body:
          opts.bytes !== undefined
            ? (opts.bytes as Uint8Array<ArrayBuffer>)
            : opts.body === undefined
              ? undefined
              : JSON.stringify(opts.body),
        signal: opts.signal,
      });
    } catch (err) {
      if ((err as Error)?.name === "AbortError") throw err;
      throw new PigeonholeError(0, "network", String((err as Error)?.message ?? err));
    }
    if (res.ok) return res;
    let error: ErrorBody["error"] | { code: string; message: string } = { code: "http", message: `HTTP ${res.status}` };
    try {
      error = ((await res.json()) as ErrorBody).error ?? error;
    } catch {
      // not our JSON
    }
    const retryAfter = Number.parseInt(res.headers.get("retry-after") ?? "", 10);
    throw new PigeonholeError(res.status, error.code, error.message, Number.isFinite(retryAfter) ? retryAfter : null);
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return (await (await this.request(method, path, opts)).json()) as T;
  }
}
