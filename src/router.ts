// Every HTTP route of the Worker, registered in one place.
import { CORS_HEADERS } from "./http/cors";
import { ApiError } from "./http/errors";
import { createRouter, type Router } from "./http/router";
import { mailtmRoutes } from "./mailtm";
import { addressRoutes } from "./routes/addresses";
import { adminRoutes } from "./routes/admin";
import { adminDirectoryRoutes } from "./routes/admin-directory";
import { apiKeyRoutes } from "./routes/api-keys";
import { benchFloorRoutes } from "./routes/bench-floor";
import { codeRoutes } from "./routes/codes";
import { configRoutes } from "./routes/config";
import { deliveryRoutes } from "./routes/deliveries";
import { forwardRoutes } from "./routes/forwards";
import { mailboxRoutes } from "./routes/mailbox";
import { mcpRoutes } from "./routes/mcp";
import { messageRoutes } from "./routes/messages";
import { openApiRoutes } from "./routes/openapi";
import { passkeyRoutes } from "./routes/passkeys";
import { sendingRoutes } from "./routes/sending";
import { siteRoutes } from "./routes/site";
import { tokenRoutes } from "./routes/tokens";
import { userAddressRoutes } from "./routes/user-addresses";
import { userRoutes } from "./routes/users";
import { webhookRoutes } from "./routes/webhooks";
import { siteGate } from "./site-gate";
import { telegramRoutes } from "./telegram/webhook";

export function buildRouter(): Router {
  const router = createRouter();
  router.options("/api/*", () => new Response(null, { status: 204, headers: CORS_HEADERS }));
  // No API route ends in a slash. itty-router would serve …/{address}/ as …/{address}, and the URL
  // parser folds a dot segment into exactly that (…/webhooks/%2e%2e): a DELETE of a webhook, forward
  // or blocked sender named ".." would delete the whole mailbox.
  router.all("/api/*", (req) => {
    if (new URL(req.url).pathname.endsWith("/")) throw new ApiError("not_found", "No API route ends in a slash.");
  });
  // A private site: nothing under /api/v1 past this without the site password or token (it answers nothing itself).
  router.all("/api/v1/*", (req, env) => siteGate(req, env).then(() => undefined));
  configRoutes(router);
  benchFloorRoutes(router);
  siteRoutes(router);
  addressRoutes(router);
  mailboxRoutes(router);
  messageRoutes(router);
  codeRoutes(router);
  webhookRoutes(router);
  sendingRoutes(router);
  forwardRoutes(router);
  deliveryRoutes(router);
  telegramRoutes(router);
  tokenRoutes(router);
  userRoutes(router);
  userAddressRoutes(router);
  apiKeyRoutes(router);
  passkeyRoutes(router);
  adminRoutes(router);
  adminDirectoryRoutes(router);
  mailtmRoutes(router);
  openApiRoutes(router);
  mcpRoutes(router);
  router.all("/api/*", (req) => {
    throw new ApiError("not_found", `No route for ${req.method} ${new URL(req.url).pathname}.`);
  });
  // Anything else (e.g. /api/v1/%2e%2e/%2e%2e/etc/passwd, which the URL parser
  // folds to /etc/passwd) would return nothing, and the runtime turns that into a 500.
  router.all("*", (req) => {
    throw new ApiError("not_found", `Nothing at ${new URL(req.url).pathname}.`);
  });
  return router;
}
