// A lean keep-alive HTTP client for load generation: node:http costs the
// shared CPU less per request than fetch, so more of it is left to the service.
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function http(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; fresh?: boolean } = {},
): Promise<HttpResult> {
  return send(url, opts, true);
}

function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; fresh?: boolean },
  retry: boolean,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    // `fresh`: a connection of its own, for requests that may leave a kept-alive one unusable.
    const req = request(url, { method: opts.method ?? "GET", headers: opts.headers, agent: opts.fresh ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      // The server closed an idle kept-alive connection just as we reused it:
      // the request never reached it, so sending it again is safe (Node's advice).
      if (retry && req.reusedSocket && err.code === "ECONNRESET") send(url, opts, false).then(resolve, reject);
      else reject(err);
    });
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** POSTs a raw message to the local Email Routing endpoint (what `email()` receives). */
export function deliver(base: string, from: string, to: string, raw: Uint8Array): Promise<HttpResult> {
  const q = new URLSearchParams({ from, to });
  return http(`${base}/cdn-cgi/handler/email?${q}`, { method: "POST", body: raw });
}

export function json<T = any>(r: HttpResult): T {
  return JSON.parse(r.body.toString("utf8")) as T;
}

export function closeIdle(): void {
  agent.destroy();
}
