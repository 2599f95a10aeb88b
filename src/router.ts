// Every HTTP route of the Worker, registered in one place.
import { CORS_HEADERS } from "./http/cors";
import { ApiError } from "./http/errors";
import { createRouter, type Router } from "./http/router";
import { mailtmRoutes } from "./mailtm";
import { addressRoutes } from "./routes/addresses";
import { configRoutes } from "./routes/config";
import { deliveryRoutes } from "./routes/deliveries";
import { forwardRoutes } from "./routes/forwards";
import { mailboxRoutes } from "./routes/mailbox";
import { messageRoutes } from "./routes/messages";
import { openApiRoutes } from "./routes/openapi";
import { sendingRoutes } from "./routes/sending";
import { tokenRoutes } from "./routes/tokens";
import { webhookRoutes } from "./routes/webhooks";
import { telegramRoutes } from "./telegram/webhook";

export function buildRouter(): Router {
  const router = createRouter();
  router.options("/api/*", () => new Response(null, { status: 204, headers: CORS_HEADERS }));
  configRoutes(router);
  addressRoutes(router);
  mailboxRoutes(router);
  messageRoutes(router);
  webhookRoutes(router);
  sendingRoutes(router);
  forwardRoutes(router);
  deliveryRoutes(router);
  telegramRoutes(router);
  tokenRoutes(router);
  mailtmRoutes(router);
  openApiRoutes(router);
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
