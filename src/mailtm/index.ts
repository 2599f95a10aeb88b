// The mail.tm-compatible API, mounted under /mailtm: every route module, CORS
// preflight, and mail.tm's 404 for anything else.

import { CORS_HEADERS } from "../http/cors";
import type { Router } from "../http/router";
import { requireSiteAccess } from "../site-gate";
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
  // A private site has no side door: every mail.tm route needs the site password or a site token too,
  // as /api/v1 does (a credential from /mailtm/token must not outlive a change of SITE_PASSWORD).
  router.all("/mailtm/*", async (req, env, ctx) => {
    if (!env.SITE_PASSWORD) return undefined;
    try {
      await requireSiteAccess(req, env);
      return undefined;
    } catch (err) {
      return mailtm(async () => {
        throw err;
      })(req, env, ctx);
    }
  });
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
