// The mail.tm-compatible API, mounted under /mailtm: every route module, CORS
// preflight, and mail.tm's 404 for anything else.

import { CORS_HEADERS } from "../http/cors";
import type { Router } from "../http/router";
import { mailtmAccountRoutes } from "./accounts";
import { mailtmEventRoutes } from "./events";
import { notFound, platformError } from "./format";
import { mailtmMessageRoutes } from "./messages";
import { mailtm } from "./session";

const MAILTM_PATHS = [
  "/mailtm/domains",
  "/mailtm/domains/:id",
  "/mailtm/accounts",
  "/mailtm/accounts/:id",
  "/mailtm/token",
  "/mailtm/me",
  "/mailtm/messages",
  "/mailtm/messages/:id",
  "/mailtm/messages/:id/download",
  "/mailtm/sources/:id",
  "/mailtm/.well-known/mercure",
];

export function mailtmRoutes(router: Router): void {
  router.options("/mailtm/*", () => new Response(null, { status: 204, headers: CORS_HEADERS }));
  mailtmAccountRoutes(router);
  mailtmMessageRoutes(router);
  mailtmEventRoutes(router);
  // A known path with the wrong method is 405, as on mail.tm ("GET /token", "POST /messages").
  for (const path of MAILTM_PATHS) {
    router.all(
      path,
      mailtm(async () => {
        throw platformError(405, "Method Not Allowed");
      }),
    );
  }
  router.all(
    "/mailtm/*",
    mailtm(async () => {
      throw notFound();
    }),
  );
}
