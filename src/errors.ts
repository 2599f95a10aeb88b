// Errors are values with codes; they become HTTP responses here, and only here.
import type { ErrorBody, ErrorCode } from "./wire";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_name: 400,
  invalid_domain: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  address_taken: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

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
    return STATUS[this.code];
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
