// OpenAPI: passwords and the address + password → credential exchange.
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths, publicAccess } from "./common";

export const tokenPaths: Paths = {
  "/api/v1/mailboxes/{address}/password": {
    put: {
      operationId: "setPassword",
      summary: "Set (or replace) the address's password, so it can be reopened with POST /api/v1/tokens.",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("SetPasswordRequest"),
      responses: { "204": noContent("Set."), "400": error("Password too short, too long or not a string."), ...ownerErrors },
    },
  },
  "/api/v1/tokens": {
    post: {
      operationId: "createToken",
      summary: "Exchange address + password for a fresh credential. Repeated wrong passwords are slowed, then refused.",
      security: publicAccess,
      requestBody: body("TokenRequest"),
      responses: {
        "201": json(ref("CreateAddressResponse"), "A fresh credential, shaped like address creation."),
        "400": error("Missing address or password."),
        "401": error("Wrong address or password (indistinguishable)."),
        "429": {
          ...error("Too many wrong passwords for this address."),
          headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
        },
      },
    },
  },
};
