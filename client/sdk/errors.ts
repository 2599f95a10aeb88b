// What the SDK throws: an API error with its status and code, or a wait that ran out.

/** An API error: the HTTP status and the `{"error": {code, message}}` body; status 0 and code "network" when the request never got an answer. */
export class PigeonholeError extends Error {
  readonly status: number;
  readonly code: string;
  /** seconds to wait before trying again, when the service said (429 rate_limited: Retry-After); else null */
  readonly retryAfter: number | null;
  // No parameter properties: Node runs these files by stripping types only.
  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = "PigeonholeError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** Thrown by waitForMessage when nothing matched in time. */
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`No matching message within ${ms} ms.`);
    this.name = "TimeoutError";
  }
}
