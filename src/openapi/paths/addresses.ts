// OpenAPI: POST /api/v1/addresses.
import { ref } from "../schema";
import { bearer, error, json, type Paths, publicAccess, siteError } from "./common";

export const addressPaths: Paths = {
  "/api/v1/addresses": {
    post: {
      operationId: "createAddress",
      summary:
        "Claim a random (`{}`) or chosen (`{name, domain}`) address, optionally with a password. With an API key (scope addresses:create) " +
        "as the bearer, the address belongs to the key's user, the key opens it, no credential is handed out, and no site password or Turnstile is asked.",
      security: [...publicAccess, {}, ...bearer],
      requestBody: { required: false, content: { "application/json": { schema: ref("CreateAddressRequest") } } },
      responses: {
        "201": json(
          { oneOf: [ref("CreateAddressResponse"), ref("KeyCreatedAddress")] },
          "The address and its credential; with an API key, the address and the key's id.",
        ),
        "400": error("Invalid name, domain, password or JSON."),
        ...siteError,
        "403": error(
          "The name is blocked (name_blocked), the Turnstile check failed (turnstile_failed), the key lacks addresses:create, or its account holds as many addresses as it may.",
        ),
        "409": error("The address is taken or quarantined."),
        "429": error(
          "Too many new addresses from this client, or from this API key (API_KEY_CREATE_LIMIT; Retry-After says when to retry).",
        ),
      },
    },
  },
};
