// What a Mailbox RPC answers: the value, or a Failure with an error code.
// Failures cross RPC as values, not exceptions: a 404 is an answer, and must
// not be logged by the runtime as an uncaught error.
import type { ErrorCode } from "./errors";

export interface Failure {
  /** `retryAfter`: seconds a refused caller should wait (429), sent as Retry-After */
  failed: { code: ErrorCode; message: string; retryAfter?: number };
}

export type Outcome<T> = T | Failure;

/** What is left of an RPC result (which may carry `& Disposable`) once failures are out. */
export type Success<T> = T extends Failure ? never : T;

export function isFailure(v: unknown): v is Failure {
  return typeof v === "object" && v !== null && "failed" in v && Object.keys(v).length === 1;
}
