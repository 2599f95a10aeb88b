// POST /api/v1/addresses: claim a random or chosen address and get its credential.
import { createAddress } from "../addresses";
import type { CreateAddressResponse } from "../contract/wire";
import { clientKey } from "../http/client-key";
import { onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { requireTurnstile } from "../turnstile";

export function addressRoutes(router: Router): void {
  router.post("/api/v1/addresses", async (req, env) => {
    const client = clientKey(req);
    const body = await readJsonObject(req);
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
