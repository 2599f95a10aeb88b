// The HTTP router: every route module registers itself here; errors become
// JSON once, in `catch`; every API response carries CORS headers.
import { Router as IttyRouter, type IRequest, type RouterType } from "itty-router";
import type { Env } from "./env";
import { ApiError, errorResponse } from "./errors";
import { CORS_HEADERS, withCors } from "./http";
import { addressRoutes } from "./routes/addresses";
import { configRoutes } from "./routes/config";
import { mailboxRoutes } from "./routes/mailbox";
import { messageRoutes } from "./routes/messages";
import { notificationRoutes } from "./routes/notifications";
import { tokenRoutes } from "./routes/tokens";
import { mailtmRoutes } from "./mailtm";
import { openApiRoutes } from "./routes/openapi";

export type Router = RouterType<IRequest, [Env, ExecutionContext], Response>;

export function buildRouter(): Router {
  const router: Router = IttyRouter<IRequest, [Env, ExecutionContext], Response>({
    catch: (err) => errorResponse(err),
    finally: [(res: Response | undefined, req: IRequest) => (req.url.includes("/api/") ? withCors(res!) : res)],
  });
  router.options("/api/*", () => new Response(null, { status: 204, headers: CORS_HEADERS }));
  configRoutes(router);
  addressRoutes(router);
  mailboxRoutes(router);
  messageRoutes(router);
  notificationRoutes(router);
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
