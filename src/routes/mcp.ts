// POST /mcp: the MCP server (src/mcp/) for agents, with an API key or an
// address credential as `Authorization: Bearer`. Stateless: no GET stream, no sessions to end.
import type { Env } from "../env";
import { clientKey } from "../http/client-key";
import { ApiError } from "../http/errors";
import type { Router } from "../http/router";
import { serveMcp } from "../mcp/server";
import { callerOf, type Principal } from "../principal";
import { requireSiteAccess } from "../site-gate";

/** An API key passes a private site by design; an address credential still needs the site's password or token. */
async function mcpCaller(req: Request, env: Env): Promise<Principal> {
  const p = await callerOf(req, env).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 401)
      throw new ApiError(err.code, err.message, { "WWW-Authenticate": 'Bearer realm="pigeonhole"' });
    throw err;
  });
  if (p.kind === "apikey") return p;
  if (p.kind !== "address") throw new ApiError("forbidden", "The MCP server takes an API key or an address's own credential.");
  await requireSiteAccess(req, env);
  return p;
}

export function mcpRoutes(router: Router): void {
  router.post("/mcp", async (req, env) => serveMcp(req, env, await mcpCaller(req, env), clientKey(req)));
  router.all("/mcp", () => {
    throw new ApiError("method_not_allowed", "This MCP server is stateless: POST JSON-RPC messages to /mcp.", { Allow: "POST" });
  });
}
