// OpenAPI: one mailbox as a whole: meta, destroy, expiry, long-poll, WebSocket.
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths, query } from "./common";

export const mailboxPaths: Paths = {
  "/api/v1/mailboxes/{address}": {
    get: {
      operationId: "getMailbox",
      summary: "The mailbox's meta.",
      security: bearer,
      parameters: [addressParam],
      responses: { "200": json(ref("MailboxMeta"), "Meta."), ...ownerErrors },
    },
    delete: {
      operationId: "destroyMailbox",
      summary: "Destroy the mailbox and all its mail; its credentials stop working.",
      security: bearer,
      parameters: [addressParam],
      responses: { "204": noContent("Destroyed."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/expiry": {
    put: {
      operationId: "setExpiry",
      summary:
        "Move the address's expiry: at most ADDRESS_MAX_TTL_SECONDS past its creation, or for an address a user owns USER_ADDRESS_TTL_SECONDS from now (0: no limit).",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("SetExpiryRequest"),
      responses: {
        "200": json(ref("MailboxMeta"), "The mailbox with its new expiry."),
        "400": error("Not a date, in the past, or past the limit."),
        ...ownerErrors,
      },
    },
  },
  "/api/v1/mailboxes/{address}/wait": {
    get: {
      operationId: "waitForMail",
      summary: "Long-poll: returns as soon as mail with id > after exists.",
      security: bearer,
      parameters: [addressParam, query("after", "Newest id the caller has."), query("timeout", "Seconds to wait (max WAIT_MAX_SECONDS).")],
      responses: {
        "200": json(ref("WaitResponse"), "New mail, oldest first."),
        "204": noContent("Nothing arrived before the timeout."),
        "400": error("Bad parameter."),
        "429": error("The mailbox already holds WAITS_PER_MAILBOX long-polls."),
        ...ownerErrors,
      },
    },
  },
  "/api/v1/mailboxes/{address}/ws": {
    get: {
      operationId: "subscribe",
      summary: "WebSocket: `hello`, then every message with id > since (in pages), then live frames (see ServerFrame).",
      security: bearer,
      parameters: [
        addressParam,
        query("since", "Replay messages with a larger id first."),
        query("token", "The credential, for browsers that cannot set headers.", { type: "string" }),
        query("site", "A private site's token, for browsers that cannot set headers.", { type: "string" }),
      ],
      responses: {
        "101": {
          description: "Switching protocols; frames are ServerFrame JSON.",
          content: { "application/json": { schema: ref("ServerFrame") } },
        },
        "400": error("Not a WebSocket upgrade, or a bad parameter."),
        "429": {
          ...error("The mailbox already has SOCKETS_PER_MAILBOX WebSockets open; refused at the upgrade."),
          headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
        },
        ...ownerErrors,
      },
    },
  },
};
