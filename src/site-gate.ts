// A private site (SITE_PASSWORD set): every /api/v1 route but GET /api/v1/config
// needs the password (x-site-password) or a site token (x-site-token; WebSockets
// `?site=`) that POST /api/v1/site/session gives once, or an API key on a route keys
// may use (it passes by design: the site's users or admin made it). Wrong passwords are
// counted per client IP, like any guessing.

import { keyMayReach } from "./api-keys/scopes";
import { issueSessionToken, keyedDigest, verifyClaims } from "./auth";
import { sameSecret } from "./bytes";
import type { SiteSession } from "./contract/accounts";
import { readConfig } from "./contract/config";
import type { Env } from "./env";
import { ApiError } from "./http/errors";
import { presentsApiKey } from "./principal";

/** Wrong site passwords one client may send per window before it must wait. */
const WRONG_LIMIT = 20;
const WRONG_WINDOW_SECONDS = 300;

export const SITE_PASSWORD_HEADER = "x-site-password";
export const SITE_TOKEN_HEADER = "x-site-token";

const required = () =>
  new ApiError("site_password_required", "This site is private: send its password as x-site-password, or a site token as x-site-token.");

/** The password's fingerprint in site tokens: a new SITE_PASSWORD ends every token issued for the old one. */
function fingerprint(env: Env, password: string): Promise<string> {
  return keyedDigest(env, `site-password:${password}`);
}

/** Checks a candidate site password; a wrong one counts against the client and is 401 (429 once it has sent too many). */
export async function checkSitePassword(env: Env, req: Request, candidate: string): Promise<void> {
  if (await sameSecret(candidate, env.SITE_PASSWORD ?? "")) return;
  const client = req.headers.get("cf-connecting-ip") ?? "local";
  const decision = await env.RATE_LIMITER.getByName(`site:${client}`).hit(WRONG_LIMIT, WRONG_WINDOW_SECONDS);
  if (!decision.ok) {
    throw new ApiError("rate_limited", "Too many wrong site passwords; try again later.", { "Retry-After": String(decision.retryAfter) });
  }
  throw required();
}

/** Lets the request through on a private site only with the password or a live site token; a public site lets everything through. */
export async function requireSiteAccess(req: Request, env: Env): Promise<void> {
  if (!env.SITE_PASSWORD) return;
  const password = req.headers.get(SITE_PASSWORD_HEADER);
  if (password !== null) return checkSitePassword(env, req, password);
  const token = req.headers.get(SITE_TOKEN_HEADER) ?? new URL(req.url).searchParams.get("site");
  if (token) {
    const claims = await verifyClaims(env, token).catch(() => null);
    if (claims?.knd === "site" && claims.sph === (await fingerprint(env, env.SITE_PASSWORD))) return;
  }
  throw required();
}

/** The router's gate in front of /api/v1: config and the site session itself stay open. */
export async function siteGate(req: Request, env: Env): Promise<void> {
  if (!env.SITE_PASSWORD || req.method === "OPTIONS") return;
  const path = new URL(req.url).pathname;
  if ((req.method === "GET" && path === "/api/v1/config") || (req.method === "POST" && path === "/api/v1/site/session")) return;
  // A key opens only what keys may use: elsewhere (sign-in, sign-up, the admin session) it would let
  // its holder guess passwords on a site whose password they were never given.
  if (keyMayReach(req.method, path) && (await presentsApiKey(req, env))) return;
  await requireSiteAccess(req, env);
}

/** Exchanges the site password for a site token. */
export async function siteSession(env: Env, req: Request, password: string): Promise<SiteSession> {
  if (!env.SITE_PASSWORD) throw new ApiError("not_found", "This site is not private; no site token is needed.");
  await checkSitePassword(env, req, password);
  const expiresAt = Date.now() + readConfig(env).gate.siteTokenTtlSeconds * 1000;
  const token = await issueSessionToken(env, "site", { sph: await fingerprint(env, env.SITE_PASSWORD) }, expiresAt);
  return { token, expiresAt: new Date(expiresAt).toISOString() };
}
