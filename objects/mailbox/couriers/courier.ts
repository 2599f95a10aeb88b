// Courier: how one kind of outbox row leaves the mailbox (a Telegram push, a webhook POST, a sent mail…), and what came of it.
import type { OutboxRow } from "../outbox";

/**
 * What one attempt came to. `sent` may carry what the target reported (a Message-ID);
 * `retry` is a temporary failure (`waitMs` when the target said how long); `dead` is final.
 */
export type Verdict = { kind: "sent"; receipt?: string } | { kind: "retry"; why: string; waitMs?: number } | { kind: "dead"; why: string };

export interface Courier {
  deliver(row: OutboxRow): Promise<Verdict>;
  /** Called right after an attempt's verdict is recorded (synchronously, in the same turn). */
  settled?(row: OutboxRow): void;
  /** retried for as long as it takes (OUTBOX_MAX_ATTEMPTS does not apply): what it carries must not be lost */
  readonly persistent?: boolean;
}

export const sent: Verdict = { kind: "sent" };
export const retry = (why: string, waitMs?: number): Verdict => ({ kind: "retry", why, waitMs });
export const dead = (why: string): Verdict => ({ kind: "dead", why });

/** A request's failure as one short line (a timeout says so). */
export function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string };
  if (e?.name === "TimeoutError") return "timed out";
  return String(e?.message ?? err).slice(0, 300);
}

/** How long a 429 asked us to wait (body's retry_after or the Retry-After header), with a little margin. */
export function retryAfterMs(seconds: number | undefined, res: Response): number | undefined {
  const s = seconds ?? Number(res.headers.get("retry-after") ?? Number.NaN);
  // A little margin so the first request after the wait lands after it, not on it.
  return Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) + 50 : undefined;
}
