// Reading request input at the edge: JSON object bodies and integer parameters.
import { concatBytes } from "../bytes";
import { ApiError } from "./errors";

export const MAX_JSON_BYTES = 16 * 1024;

const tooLarge = (limit: number) => new ApiError("too_large", `Request body is limited to ${limit} bytes.`);

/** The body's bytes, counted as they stream in: a chunked body without Content-Length stops being read at `limit`. */
export async function readBounded(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/** Reads a JSON object body of at most `maxBytes` (a blocklist may be larger than the usual 16 KiB); an empty body is `{}`. */
export async function readJsonObject(req: Request, maxBytes = MAX_JSON_BYTES): Promise<Record<string, unknown>> {
  const buf = await readBounded(req, maxBytes);
  if (buf.byteLength === 0) return {};
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new ApiError("invalid_json", "Request body is not valid UTF-8.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "Request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError("invalid_json", "Request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** A non-negative integer query/path parameter, or the fallback when absent. */
export function intParam(value: string | null | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === null || value === undefined || value === "") return fallback;
  if (!/^\d{1,15}$/.test(value)) throw new ApiError("bad_request", `${name} must be a non-negative integer.`);
  const n = Number(value);
  if (n > max) throw new ApiError("bad_request", `${name} must be at most ${max}.`);
  return n;
}

/** A page size: 1 to `max` (a page of none would have nowhere to go on from), `fallback` when absent. */
export function limitParam(value: string | null | undefined, fallback: number, max: number): number {
  const n = intParam(value, "limit", fallback, max);
  if (n < 1) throw new ApiError("bad_request", `limit must be between 1 and ${max}.`);
  return n;
}

/** A numeric id in a path (message ids): anything else is a 404, as no such thing exists. */
export function idParam(value: string | undefined, what: string): number {
  if (!value || !/^\d{1,15}$/.test(value)) throw new ApiError("not_found", `No such ${what}.`);
  return Number(value);
}

/** Refuses a body with any field but these (a typo should fail loudly, not be ignored). */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ApiError("bad_request", `Unknown field '${key}'.`);
  }
}

/** A required string field, or 400 naming it. */
export function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw new ApiError("bad_request", `${key} must be a non-empty string.`);
  return value;
}
