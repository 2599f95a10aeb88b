// GET /api/v1/config: what a client needs to know before it asks for an address.

import { readConfig } from "../contract/config";
import type { PublicConfig } from "../contract/wire";
import type { Router } from "../http/router";

export function configRoutes(router: Router): void {
  router.get("/api/v1/config", (_req, env) => {
    const c = readConfig(env);
    const body: PublicConfig = {
      domains: c.domains,
      maxMessageBytes: c.maxMessageBytes,
      addressTtlSeconds: c.addressTtlSeconds,
      messageTtlSeconds: c.messageTtlSeconds,
      nameMinLength: c.nameMinLength,
      nameMaxLength: c.nameMaxLength,
      waitMaxSeconds: c.waitMaxSeconds,
      addressMaxTtlSeconds: c.accounts.addressMaxTtlSeconds,
      private: c.gate.private,
      registration: c.accounts.registration,
      turnstileSiteKey: c.gate.turnstile ? c.gate.turnstileSiteKey : null,
    };
    return Response.json(body);
  });
}
