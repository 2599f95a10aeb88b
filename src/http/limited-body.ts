// Request bodies larger than the 16 KB JSON routes take (the send routes): counted while they
// stream in, refused with 413 the moment they pass the limit, never buffered past it.
import { ApiError } from "./errors";

export async function readBodyWithin(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError("too_large", `Request body is limited to ${limit} bytes (MAX_SEND_BYTES).`);
  if (Number(req.headers.get("content-length") ?? "0") > limit) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A JSON object from body bytes (UTF-8). */
export function jsonObjectFrom(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError("invalid_json", "Request body is not valid UTF-8 JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError("invalid_json", "Request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}
