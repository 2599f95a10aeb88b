// OpenAPI: POST /api/v1/site/session (a private site's password for a site token).
import { ref } from "../schema";
import { body, error, json, type Paths, publicAccess } from "./common";

export const sitePaths: Paths = {
  "/api/v1/site/session": {
    post: {
      operationId: "openSite",
      summary: "Exchange a private site's password for a site token (send it as x-site-token, or ?site= on a WebSocket).",
      security: publicAccess,
      requestBody: body("SitePasswordRequest"),
      responses: {
        "201": json(ref("SiteSession"), "The site token."),
        "400": error("No password."),
        "401": error("Wrong password (site_password_required)."),
        "404": error("The site is not private."),
        "429": error("Too many wrong passwords from this client."),
      },
    },
  },
};
