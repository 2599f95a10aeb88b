// API keys: a user makes keys for their scripts (the admin, deployment keys),
// lists and revokes them; a key asks what quota it has left (docs/agents.md).

import { quotasLeft } from "../api-keys/quota";
import { keyHash, mintKey } from "../api-keys/secret";
import { API_KEY_SCOPES, type ApiKeyList, type ApiKeyScope, type ApiKeyStatus, type CreatedApiKey } from "../contract/agents";
import { readConfig } from "../contract/config";
import { type ApiKeyRow, countKeys, insertKey, keyById, keyInfo, keysOf, revokeKey } from "../directory/api-keys";
import { audit } from "../directory/audit";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { type AdminPrincipal, principalOf, type UserPrincipal } from "../principal";

const NAME_MAX = 64;

/** Keys are made and managed with a user's session (their keys) or the admin's (deployment keys). */
async function keyHolder(req: Request, env: Env): Promise<UserPrincipal | AdminPrincipal> {
  const p = await principalOf(req, env);
  if (p.kind === "user" || p.kind === "admin") return p;
  throw new ApiError("forbidden", "API keys are managed with a user's session, or the admin's for deployment keys.");
}

function scopesFrom(value: unknown): ApiKeyScope[] {
  if (value === undefined || value === null) return [...API_KEY_SCOPES];
  if (!Array.isArray(value) || value.some((s) => !API_KEY_SCOPES.includes(s as ApiKeyScope))) {
    throw new ApiError("bad_request", `scopes must be a list of: ${API_KEY_SCOPES.join(", ")}.`);
  }
  // Kept in the one canonical order, each once; none given means all.
  const chosen = API_KEY_SCOPES.filter((s) => value.includes(s));
  return chosen.length ? chosen : [...API_KEY_SCOPES];
}

function expiryFrom(value: unknown, now: number): number | null {
  if (value === undefined || value === null) return null;
  const at = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(at)) throw new ApiError("bad_request", "expiresAt must be an ISO 8601 date-time, or null.");
  if (at <= now) throw new ApiError("bad_request", "expiresAt must be in the future.");
  return at;
}

export function apiKeyRoutes(router: Router): void {
  router.post("/api/v1/keys", async (req, env) => {
    const p = await keyHolder(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["name", "scopes", "expiresAt"]);
    const name = typeof body.name === "string" ? body.name.trim() : "";
    if (!name || name.length > NAME_MAX) throw new ApiError("bad_request", `name must be 1 to ${NAME_MAX} characters.`);
    const now = Date.now();
    const userId = p.kind === "user" ? p.userId : null;
    const limit = readConfig(env).agents.keysPerUser;
    if (userId && (await countKeys(env, userId)) >= limit) {
      throw new ApiError("limit_reached", `An account holds at most ${limit} API keys; revoke one first.`);
    }
    const key = mintKey();
    const row: ApiKeyRow = {
      id: crypto.randomUUID(),
      userId,
      name,
      hint: key.slice(-4),
      scopes: scopesFrom(body.scopes),
      createdAt: now,
      expiresAt: expiryFrom(body.expiresAt, now),
      lastUsedAt: null,
    };
    await insertKey(env, row, await keyHash(key));
    if (p.kind === "admin") await audit(env, p, "key.create", row.id, { name, scopes: row.scopes, expiresAt: body.expiresAt ?? null });
    const out: CreatedApiKey = { id: row.id, key };
    return Response.json(out, { status: 201 });
  });

  router.get("/api/v1/keys", async (req, env) => {
    const p = await keyHolder(req, env);
    const body: ApiKeyList = {
      keys: (await keysOf(env, p.kind === "user" ? p.userId : null)).map(keyInfo),
      limit: readConfig(env).agents.keysPerUser,
    };
    return Response.json(body);
  });

  router.get("/api/v1/keys/me", async (req, env) => {
    const p = await principalOf(req, env);
    if (p.kind !== "apikey") throw new ApiError("forbidden", "Send the API key itself to see what it has left.");
    const row = await keyById(env, p.keyId);
    if (!row) throw new ApiError("unauthorized", "This API key was revoked a moment ago.");
    const body: ApiKeyStatus = { key: keyInfo(row), ...(await quotasLeft(env, p.keyId)) };
    return Response.json(body);
  });

  // A user revokes their own keys; the admin any key (a user's too), audited.
  router.delete("/api/v1/keys/:id", async (req, env) => {
    const p = await keyHolder(req, env);
    const gone = await revokeKey(env, req.params.id, p.kind === "user" ? p.userId : undefined);
    if (!gone) throw new ApiError("not_found", "No such API key.");
    if (p.kind === "admin") await audit(env, p, "key.revoke", gone.id, { name: gone.name, user: gone.userId });
    return new Response(null, { status: 204 });
  });
}
