// OpenAPI: passwords and the address + password → credential exchange.
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths, publicAccess } from "./common";

export const tokenPaths: Paths = {
  "/api/v1/mailboxes/{address}/password": {
    put: {
      operationId: "setPassword",
      summary:
        "Set the address's password, so it can be reopened with POST /api/v1/tokens. Replacing one needs the current one as currentPassword.",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("SetPasswordRequest"),
      responses: {
        "204": noContent("Set."),
        "400": error("Password too short, too long or not a string."),
        ...ownerErrors,
        "403": error("A credential for another address; or a password is set and currentPassword is missing or wrong."),
        "429": {
          ...error("Too many wrong passwords for this address."),
          headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
        },
      },
    },
  },
  "/api/v1/mailboxes/{address}/sessions/revoke": {
    post: {
      operationId: "revokeCredentials",
      summary:
        "Sign out everywhere: every credential of the mailbox stops working (sockets close with 4401, bound Telegram chats are unbound) and the caller gets a new one. Message ids and the mail.tm account stay as they are. Needs currentPassword when a password is set.",
      security: bearer,
      parameters: [addressParam],
      requestBody: { required: false, content: { "application/json": { schema: ref("RevokeRequest") } } },
      responses: {
        "200": json(ref("CreateAddressResponse"), "The caller's new credential."),
        "400": error("Unknown field, or currentPassword not a string."),
        ...ownerErrors,
        "403": error("A credential for another address; or a password is set and currentPassword is missing or wrong."),
        "429": {
          ...error("Too many wrong passwords for this address."),
          headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
        },
      },
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
