// GET /api/bench/floor/{address}: one no-op call to the address's Mailbox, the
// physical floor of any per-mailbox read, for `npm run bench`. Only where
// BENCH_FLOOR_ROUTE is on (never by default); outside /api/v1 and the OpenAPI document.
import { readConfig } from "../contract/config";
import { ApiError } from "../http/errors";
import type { Router } from "../http/router";

export function benchFloorRoutes(router: Router): void {
  router.get("/api/bench/floor/:address", async (req, env) => {
    if (!readConfig(env).benchFloorRoute) throw new ApiError("not_found", "Nothing here.");
    await env.MAILBOX.getByName(String(req.params.address).toLowerCase()).floor();
    return Response.json({ ok: true });
  });
}
