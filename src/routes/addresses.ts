// POST /api/v1/addresses: claim a random or chosen address and get its credential.
import { chooseAddress, pickDomain, randomName } from "../address";
import { issueToken } from "../auth";
import { readConfig, type Env } from "../env";
import { unwrap } from "../../objects/outcome";
import { ApiError } from "../errors";
import { readJsonObject } from "../http";
import type { Router } from "../router";
import type { CreateAddressResponse } from "../wire";

export async function claim(env: Env, address: string): Promise<CreateAddressResponse> {
  const created = unwrap(await env.MAILBOX.getByName(address).create());
  const token = await issueToken(env, { address, epoch: created.epoch }, created.expiresAt);
  return { address, token, expiresAt: new Date(created.expiresAt).toISOString() };
}

export function addressRoutes(router: Router): void {
  router.post("/api/v1/addresses", async (req, env) => {
    const body = await readJsonObject(req);
    const config = readConfig(env);
    for (const key of Object.keys(body)) {
      if (key !== "name" && key !== "domain") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    }
    if (body.name !== undefined && body.name !== null) {
      const created = await claim(env, chooseAddress(body.name, body.domain, config));
      return Response.json(created, { status: 201 });
    }
    const domain = pickDomain(body.domain, config);
    // A random name is ~51 bits; a collision is a taken name, so try another.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return Response.json(await claim(env, `${randomName()}@${domain}`), { status: 201 });
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== "address_taken") throw err;
      }
    }
    throw new ApiError("unavailable", "Could not find a free random name; try again.");
  });
}
