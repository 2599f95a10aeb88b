// Error codes of every API answer, and the HTTP status each one means.

export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "invalid_name"
  | "invalid_domain"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "address_taken"
  | "username_taken"
  | "conflict"
  | "name_blocked"
  | "registration_closed"
  | "limit_reached"
  | "site_password_required"
  | "turnstile_failed"
  | "too_large"
  | "rate_limited"
  | "send_quota_exceeded"
  | "sending_disabled"
  | "method_not_allowed"
  | "unavailable"
  | "internal";

/** Every error body: `{"error": {"code", "message"}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_name: 400,
  invalid_domain: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  address_taken: 409,
  username_taken: 409,
  conflict: 409,
  name_blocked: 403,
  registration_closed: 403,
  limit_reached: 403,
  site_password_required: 401,
  turnstile_failed: 403,
  too_large: 413,
  rate_limited: 429,
  send_quota_exceeded: 429,
  sending_disabled: 403,
  internal: 500,
  unavailable: 503,
};
