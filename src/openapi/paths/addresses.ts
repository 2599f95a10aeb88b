// OpenAPI: POST /api/v1/addresses.
import { ref } from "../schema";
import { error, json, type Paths, publicAccess, siteError } from "./common";

export const addressPaths: Paths = {
  "/api/v1/addresses": {
    post: {
      operationId: "createAddress",
      summary: "Claim a random (`{}`) or chosen (`{name, domain}`) address, optionally with a password.",
      security: publicAccess,
      requestBody: { required: false, content: { "application/json": { schema: ref("CreateAddressRequest") } } },
      responses: {
        "201": json(ref("CreateAddressResponse"), "The address and its credential."),
        "400": error("Invalid name, domain, password or JSON."),
        ...siteError,
        "403": error("The name is blocked (name_blocked), or the Turnstile check failed (turnstile_failed)."),
        "409": error("The address is taken or quarantined."),
        "429": error("Too many new addresses from this client."),
      },
    },
  },
};
