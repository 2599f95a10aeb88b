// Fresh codes: GET …/codes/next in a loop of long-polls until the caller's own deadline. Each poll
// is named, and one given up on (the deadline, the caller's signal) is ended in the mailbox, or it
// would go on waiting there and take the next code for nobody.
import type { NextCode } from "../../src/contract/agents.ts";
import { beforeDeadline, pollSeconds } from "./deadline.ts";
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

/** A wait's name: random, from getRandomValues (randomUUID needs a secure context in browsers). */
function waitName(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The next code or link not yet handed out, from `codes` (a mailbox's …/codes); rejects with TimeoutError. */
export async function nextCode(http: Transport, codes: string, after: number, opts: NextCodeOptions): Promise<NextCode> {
  const timeout = opts.timeout ?? 60_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (Date.now() >= deadline) throw new TimeoutError(timeout);
    const wait = waitName();
    const q = new URLSearchParams({ after: String(after), timeout: String(pollSeconds(deadline)), wait });
    if (opts.from) q.set("from", opts.from);
    if (opts.subject) q.set("subject", opts.subject);
    if (opts.peek) q.set("peek", "true");
    const giveUp = () =>
      http.request("DELETE", `${codes}/waits/${wait}`).then(
        () => undefined,
        () => undefined, // gone or unreachable: its own timeout ends it
      );
    let res: Response | "deadline";
    try {
      res = await beforeDeadline(deadline, opts.signal, (signal) => http.request("GET", `${codes}/next?${q}`, { signal }));
    } catch (err) {
      if (opts.signal?.aborted) await giveUp();
      throw err;
    }
    if (res === "deadline") {
      await giveUp();
      throw new TimeoutError(timeout);
    }
    if (res.status !== 204) return (await res.json()) as NextCode;
  }
}
