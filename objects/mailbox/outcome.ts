// Inside the object: `fail()` stops an RPC method with an error code, `guard()` turns that into a Failure value.
import type { ErrorCode } from "../../src/contract/errors";
import type { Outcome } from "../../src/contract/outcome";

class MailboxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Stop and answer with this error (a refusal may say how many seconds to wait before trying again). */
export function fail(code: ErrorCode, message: string, retryAfter?: number): never {
  throw new MailboxError(code, message, retryAfter);
}

/** Runs an RPC method, turning `fail()` into a Failure value; anything else stays an exception. */
export async function guard<T>(fn: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MailboxError) {
      const failed = { code: err.code, message: err.message };
      return { failed: err.retryAfter === undefined ? failed : { ...failed, retryAfter: err.retryAfter } };
    }
    throw err;
  }
}
