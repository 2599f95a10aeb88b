// Turnstile: when TURNSTILE_SECRET is set, address creation and registration
// carry a token from the widget, checked here against TURNSTILE_VERIFY_URL
// (Cloudflare's siteverify unless configured otherwise).
import { readConfig } from "./contract/config";
import type { Env } from "./env";
import { ApiError } from "./http/errors";

const VERIFY_TIMEOUT_MS = 10_000;
/** Turnstile tokens are at most 2048 characters. */
const MAX_TOKEN_CHARS = 2048;

export async function requireTurnstile(env: Env, req: Request, token: unknown): Promise<void> {
  if (!env.TURNSTILE_SECRET) return;
  if (typeof token !== "string" || token === "" || token.length > MAX_TOKEN_CHARS) {
    throw new ApiError("turnstile_failed", "Complete the Turnstile check and send its token as turnstileToken.");
  }
  const form = new URLSearchParams({ secret: env.TURNSTILE_SECRET, response: token });
  const ip = req.headers.get("cf-connecting-ip");
  if (ip) form.set("remoteip", ip);
  let outcome: { success?: unknown };
  try {
    const res = await fetch(readConfig(env).gate.turnstileVerifyUrl, {
      method: "POST",
      body: form,
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
    outcome = await res.json<{ success?: unknown }>();
  } catch {
    throw new ApiError("unavailable", "The Turnstile check could not be verified just now; try again.");
  }
  if (outcome.success !== true) throw new ApiError("turnstile_failed", "The Turnstile check failed; try it again.");
}
