// POST /api/v1/addresses: claim a random or chosen address and get its credential.
import { chooseAddress, pickDomain, randomName } from "../address";
import { issueToken } from "../auth";
import { readConfig, type Config, type Env } from "../env";
import { unwrap } from "../../objects/outcome";
import { ApiError } from "../errors";
import { readJsonObject } from "../http";
import type { Router } from "../router";
import type { CreateAddressResponse } from "../wire";
import type { StoredPassword } from "../../objects/accounts";
import { hashPassword } from "../passwords";

export async function claim(env: Env, address: string, password?: StoredPassword): Promise<CreateAddressResponse> {
  const created = unwrap(await env.MAILBOX.getByName(address).create(password));
  const token = await issueToken(env, { address, epoch: created.epoch }, created.expiresAt);
  return { address, token, expiresAt: new Date(created.expiresAt).toISOString() };
}

/** Per-client cap on new addresses; 429 with Retry-After past it. */
async function limitCreation(req: Request, env: Env, config: Config): Promise<void> {
  if (config.addressCreateLimit === 0) return;
  const client = req.headers.get("cf-connecting-ip") ?? "local";
  const decision = await env.RATE_LIMITER.getByName(`create:${client}`).hit(
    config.addressCreateLimit,
    config.addressCreateWindowSeconds,
  );
  if (!decision.ok) {
    throw new ApiError("rate_limited", `At most ${config.addressCreateLimit} new addresses per ${config.addressCreateWindowSeconds} s; try again later.`, {
      "Retry-After": String(decision.retryAfter),
    });
  }
}

export function addressRoutes(router: Router): void {
  router.post("/api/v1/addresses", async (req, env) => {
    const config = readConfig(env);
    await limitCreation(req, env, config);
    const body = await readJsonObject(req);
    for (const key of Object.keys(body)) {
      if (key !== "name" && key !== "domain" && key !== "password") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    }
    const password = body.password === undefined ? undefined : await hashPassword(env, body.password);
    if (body.name !== undefined && body.name !== null) {
      const created = await claim(env, chooseAddress(body.name, body.domain, config), password);
      return Response.json(created, { status: 201 });
    }
    const domain = pickDomain(body.domain, config);
    // A random name is ~51 bits; a collision is a taken name, so try another.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return Response.json(await claim(env, `${randomName()}@${domain}`, password), { status: 201 });
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== "address_taken") throw err;
      }
    }
    throw new ApiError("unavailable", "Could not find a free random name; try again.");
  });
}
