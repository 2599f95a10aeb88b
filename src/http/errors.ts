// Errors are values with codes; they become HTTP responses here, and only here.
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "../contract/errors";
import { isFailure, type Success } from "../contract/outcome";

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    return Response.json(errorBody(err.code, err.message), { status: err.status, headers: err.headers });
  }
  console.error("unhandled error", err instanceof Error ? err.stack : err);
  return Response.json(errorBody("internal", "Something went wrong on our side."), { status: 500 });
}

/** The value a Mailbox answered, or the ApiError it answered with. */
export function unwrap<T>(v: T): Success<T> {
  if (isFailure(v)) {
    const { code, message, retryAfter } = v.failed;
    throw new ApiError(code, message, retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) });
  }
  return v as Success<T>;
}
