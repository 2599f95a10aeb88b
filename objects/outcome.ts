// Errors a Mailbox answers with. They cross RPC as values, not exceptions:
// a 404 is an answer, and must not be logged by the runtime as an uncaught error.
import { ApiError } from "../src/errors";
import type { ErrorCode } from "../src/wire";

export interface Failure {
  failed: { code: ErrorCode; message: string };
}

export type Outcome<T> = T | Failure;

class MailboxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Inside the object: stop and answer with this error. */
export function fail(code: ErrorCode, message: string): never {
  throw new MailboxError(code, message);
}

/** Inside the object: runs an RPC method, turning `fail()` into a Failure value. */
export async function guard<T>(fn: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MailboxError) return { failed: { code: err.code, message: err.message } };
    throw err;
  }
}

function isFailure(v: unknown): v is Failure {
  return typeof v === "object" && v !== null && "failed" in v && Object.keys(v).length === 1;
}

/** In the Worker: the value, or the ApiError the object answered with. */
export function unwrap<T>(v: T): Success<T> {
  if (isFailure(v)) throw new ApiError(v.failed.code, v.failed.message);
  return v as Success<T>;
}

/** What is left of an RPC result (which may carry `& Disposable`) once failures are out. */
type Success<T> = T extends Failure ? never : T;
