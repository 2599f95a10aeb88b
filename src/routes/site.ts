// POST /api/v1/site/session: a private site's password exchanged for a site token (the web client asks once).
import { onlyFields, readJsonObject, stringField } from "../http/request";
import type { Router } from "../http/router";
import { siteSession } from "../site-gate";

export function siteRoutes(router: Router): void {
  router.post("/api/v1/site/session", async (req, env) => {
    const body = await readJsonObject(req);
    onlyFields(body, ["password"]);
    return Response.json(await siteSession(env, req, stringField(body, "password")), { status: 201 });
  });
}
