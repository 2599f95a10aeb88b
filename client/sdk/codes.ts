// Fresh codes: GET …/codes/next in a loop of long-polls until the caller's own deadline.
import type { NextCode } from "../../src/contract/agents.ts";
import { TimeoutError } from "./errors.ts";
import type { Transport } from "./transport.ts";

export interface NextCodeOptions {
  /** only mail with a larger id; default 0 (mail already there counts, each code once); "now": only mail from now on */
  after?: number | "now";
  /** the sender contains this (case-insensitive) */
  from?: string;
  /** the subject contains this (case-insensitive) */
  subject?: string;
  /** milliseconds; default 60 000 */
  timeout?: number;
  /** look without taking: the code stays for the next caller */
  peek?: boolean;
  signal?: AbortSignal;
}

/** The next code or link not yet handed out, from `path` (a mailbox's codes/next); rejects with TimeoutError. */
export async function nextCode(http: Transport, path: string, after: number, opts: NextCodeOptions): Promise<NextCode> {
  const timeout = opts.timeout ?? 60_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeoutError(timeout);
    // The server caps one long-poll; loop until our own deadline.
    const q = new URLSearchParams({ after: String(after), timeout: String(Math.max(1, Math.min(30, Math.ceil(left / 1000)))) });
    if (opts.from) q.set("from", opts.from);
    if (opts.subject) q.set("subject", opts.subject);
    if (opts.peek) q.set("peek", "true");
    const res = await http.request("GET", `${path}?${q}`, { signal: opts.signal });
    if (res.status !== 204) return (await res.json()) as NextCode;
  }
}
