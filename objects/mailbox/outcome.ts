// Inside the object: `fail()` stops an RPC method with an error code, `guard()` turns that into a Failure value.
import type { ErrorCode } from "../../src/contract/errors";
import type { Outcome } from "../../src/contract/outcome";

class MailboxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Stop and answer with this error. */
export function fail(code: ErrorCode, message: string): never {
  throw new MailboxError(code, message);
}

/** Runs an RPC method, turning `fail()` into a Failure value; anything else stays an exception. */
export async function guard<T>(fn: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MailboxError) return { failed: { code: err.code, message: err.message } };
    throw err;
  }
}
