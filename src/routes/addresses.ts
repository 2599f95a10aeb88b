// POST /api/v1/addresses: claim a random or chosen address and get its credential;
// with an API key, the address is the key's (its user's) and the key opens it itself.
import { createAddress, roomForOwner } from "../addresses";
import { isKeyShaped } from "../api-keys/secret";
import { bearerToken } from "../auth";
import type { KeyCreatedAddress } from "../contract/agents";
import type { CreateAddressResponse } from "../contract/wire";
import type { Env } from "../env";
import { clientKey } from "../http/client-key";
import { ApiError } from "../http/errors";
import { onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { principalOf } from "../principal";
import { requireTurnstile } from "../turnstile";

/** A key passes Turnstile by design; its address has no password (the key opens it) and comes with no credential. */
async function createWithKey(req: Request, env: Env, body: Record<string, unknown>): Promise<Response> {
  const p = await principalOf(req, env);
  if (p.kind !== "apikey") throw new ApiError("forbidden", "Only an API key creates addresses with a bearer token here.");
  onlyFields(body, ["name", "domain"]);
  if (p.userId) await roomForOwner(env, p.userId);
  const created = await createAddress(env, {
    name: body.name,
    domain: body.domain,
    client: clientKey(req),
    owner: p.userId ?? undefined,
    creatorKey: p.keyId,
  });
  const out: KeyCreatedAddress = { address: created.address, expiresAt: new Date(created.expiresAt).toISOString(), keyId: p.keyId };
  return Response.json(out, { status: 201 });
}

export function addressRoutes(router: Router): void {
  router.post("/api/v1/addresses", async (req, env) => {
    const body = await readJsonObject(req);
    const token = bearerToken(req);
    if (token && isKeyShaped(token)) return createWithKey(req, env, body);
    const client = clientKey(req);
    onlyFields(body, ["name", "domain", "password", "turnstileToken"]);
    await requireTurnstile(env, req, body.turnstileToken);
    const created = await createAddress(env, { name: body.name, domain: body.domain, password: body.password, client });
    const out: CreateAddressResponse = {
      address: created.address,
      token: created.token,
      expiresAt: new Date(created.expiresAt).toISOString(),
    };
    return Response.json(out, { status: 201 });
  });
}
