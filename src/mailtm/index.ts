// The mail.tm-compatible API, mounted under /mailtm: every route module, CORS
// preflight, and mail.tm's 404 for anything else.
import type { Router } from "../router";
import { CORS_HEADERS } from "../http";
import { mailtmAccountRoutes } from "./accounts";
import { mailtmEventRoutes } from "./events";
import { notFound } from "./format";
import { mailtmMessageRoutes } from "./messages";
import { mailtm } from "./session";

export function mailtmRoutes(router: Router): void {
  router.options("/mailtm/*", () => new Response(null, { status: 204, headers: CORS_HEADERS }));
  mailtmAccountRoutes(router);
  mailtmMessageRoutes(router);
  mailtmEventRoutes(router);
  router.all(
    "/mailtm/*",
    mailtm(async () => {
      throw notFound();
    }),
  );
}
