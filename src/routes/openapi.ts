// GET /api/v1/openapi.json: the v1 API described (src/openapi/).
import { readConfig } from "../contract/config";
import type { Router } from "../http/router";
import { openApiDocument } from "../openapi/document";

export function openApiRoutes(router: Router): void {
  router.get("/api/v1/openapi.json", (_req, env) => Response.json(openApiDocument(readConfig(env).publicUrl)));
}
