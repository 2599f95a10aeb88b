// POST /mcp: the MCP server (src/mcp/) for agents, with an API key or an
// address credential as `Authorization: Bearer`. Stateless: no GET stream, no sessions to end.
import type { Env } from "../env";
import { clientKey } from "../http/client-key";
import { ApiError } from "../http/errors";
import type { Router } from "../http/router";
import { ownedMailbox } from "../mailbox-access";
import { serveMcp } from "../mcp/server";
import { callerOf, grantFor, type Principal } from "../principal";
import { requireSiteAccess } from "../site-gate";

/**
 * An API key passes a private site by design; an address credential still needs the site's password or
 * token, and its mailbox's word: a signature alone would let in a credential signed out everywhere, or
 * one of a deleted mailbox, which must be refused before the protocol starts.
 */
async function mcpCaller(req: Request, env: Env): Promise<Principal> {
  const refused = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401 && err.code !== "site_password_required")
      throw new ApiError(err.code, err.message, { "WWW-Authenticate": 'Bearer realm="pigeonhole"' });
    throw err;
  };
  const p = await callerOf(req, env).catch(refused);
  if (p.kind === "apikey") return p;
  if (p.kind !== "address") throw new ApiError("forbidden", "The MCP server takes an API key or an address's own credential.");
  await requireSiteAccess(req, env);
  await ownedMailbox(env, p.address, grantFor(p, p.address)).run("meta").catch(refused);
  return p;
}

export function mcpRoutes(router: Router): void {
  router.post("/mcp", async (req, env, ctx) => serveMcp(req, env, ctx, await mcpCaller(req, env), clientKey(req)));
  router.all("/mcp", () => {
    throw new ApiError("method_not_allowed", "This MCP server is stateless: POST JSON-RPC messages to /mcp.", { Allow: "POST" });
  });
}
