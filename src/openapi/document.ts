// The OpenAPI 3.1 document of the v1 API, assembled from one file per resource
// in paths/ and the wire-type schemas in components.ts.
import { accountSchemas } from "./account-components";
import { agentSchemas } from "./agent-schemas";
import { schemas } from "./components";
import { deliverySchemas } from "./delivery-schemas";
import { addressPaths } from "./paths/addresses";
import { adminPaths } from "./paths/admin";
import { agentPaths } from "./paths/agents";
import type { Paths } from "./paths/common";
import { configPaths } from "./paths/config";
import { deliveryPaths } from "./paths/deliveries";
import { mailboxPaths } from "./paths/mailboxes";
import { messagePaths } from "./paths/messages";
import { passkeyPaths } from "./paths/passkeys";
import { sendingPaths } from "./paths/sending";
import { sitePaths } from "./paths/site";
import { tokenPaths } from "./paths/tokens";
import { userPaths } from "./paths/users";
import { webhookPaths } from "./paths/webhooks";

/** Add a resource: write paths/<resource>.ts and list it here. */
const RESOURCES: Paths[] = [
  configPaths,
  sitePaths,
  addressPaths,
  mailboxPaths,
  messagePaths,
  tokenPaths,
  webhookPaths,
  sendingPaths,
  deliveryPaths,
  userPaths,
  agentPaths,
  passkeyPaths,
  adminPaths,
];

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Pigeonhole API",
      version: "1.0.0",
      description:
        'Disposable email addresses whose mail arrives live. Errors are `{"error": {"code", "message"}}`. ' +
        "Credentials travel as `Authorization: Bearer`: an address's own, a user's session, the admin's, or an API key " +
        "(`ph_…`, for scripts: it passes a private site and Turnstile, reaches only the routes its scopes name, and has its own " +
        "request quota, past which any route answers 429 with Retry-After; see docs/agents.md). " +
        "On a private deployment (GET /api/v1/config says `private`) every other route also needs the site password " +
        "(`x-site-password`) or a site token (`x-site-token`), else 401 `site_password_required`. " +
        "A mail.tm-compatible API is also served under /mailtm (see docs/mailtm.md in the repository).",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: serverUrl, description: "This deployment (its PUBLIC_URL)." }],
    paths: Object.assign({}, ...RESOURCES) as Paths,
    components: {
      schemas: { ...schemas, ...accountSchemas, ...deliverySchemas, ...agentSchemas },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT or ph_ API key",
          description: "An address credential, a user's or the admin's session (JWTs), or an API key (`ph_` and 42 letters and digits).",
        },
      },
    },
  };
}
