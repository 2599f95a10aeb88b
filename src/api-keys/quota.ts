// Each API key's own quotas, in place of the per-IP ones a key bypasses: requests
// per window, and addresses created per window (API_KEY_* in docs/configuration.md).
// Past one, 429 with Retry-After; GET /api/v1/keys/me reads both without spending any.
import type { KeyQuota } from "../contract/agents";
import { readConfig } from "../contract/config";
import type { WindowLimit } from "../contract/config-agents";
import type { Env } from "../env";
import { ApiError } from "../http/errors";

type Kind = "requests" | "creations";

const limiter = (env: Env, kind: Kind, keyId: string) => env.RATE_LIMITER.getByName(`key-${kind}:${keyId}`);

async function spend(env: Env, kind: Kind, keyId: string, what: string): Promise<void> {
  const w: WindowLimit = readConfig(env).agents[kind];
  if (w.limit === 0) return;
  const d = await limiter(env, kind, keyId).hit(w.limit, w.windowSeconds);
  if (!d.ok) {
    throw new ApiError("rate_limited", `This API key may make at most ${w.limit} ${what} per ${w.windowSeconds} s; try again later.`, {
      "Retry-After": String(d.retryAfter),
    });
  }
}

/** One request with the key. */
export const spendRequest = (env: Env, keyId: string) => spend(env, "requests", keyId, "requests");

/** One address created with the key. */
export const spendCreation = (env: Env, keyId: string) => spend(env, "creations", keyId, "new addresses");

async function left(env: Env, kind: Kind, keyId: string): Promise<KeyQuota> {
  const w = readConfig(env).agents[kind];
  if (w.limit === 0) return { limit: 0, remaining: 0, windowSeconds: w.windowSeconds, resetSeconds: 0 };
  const { used, resetSeconds } = await limiter(env, kind, keyId).peek(w.windowSeconds);
  return { limit: w.limit, remaining: Math.max(0, w.limit - used), windowSeconds: w.windowSeconds, resetSeconds };
}

/** Both quotas as they stand (limit 0: that quota is off). */
export async function quotasLeft(env: Env, keyId: string): Promise<{ creations: KeyQuota; requests: KeyQuota }> {
  const [creations, requests] = await Promise.all([left(env, "creations", keyId), left(env, "requests", keyId)]);
  return { creations, requests };
}
