// OpenAPI: a mailbox's webhooks and its outbox of notifications (Telegram, webhooks).
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths, query } from "./common";

const webhookId = { name: "id", in: "path", required: true, description: "The webhook's id (a UUID).", schema: { type: "string" } };

export const webhookPaths: Paths = {
  "/api/v1/mailboxes/{address}/webhooks": {
    post: {
      operationId: "createWebhook",
      summary:
        "Register a URL that gets every new mail as a signed POST (X-Pigeonhole-Signature: sha256=HMAC(secret, timestamp + '.' + body), timestamp from X-Pigeonhole-Timestamp). The secret is returned only here.",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("CreateWebhookRequest"),
      responses: {
        "201": json(ref("CreateWebhookResponse"), "The webhook and its signing secret."),
        "400": error("Not an http(s) URL, credentials in it, an internal target, unknown fields, or the per-mailbox limit reached."),
        ...ownerErrors,
      },
    },
    get: {
      operationId: "listWebhooks",
      summary: "The mailbox's webhooks (without their secrets).",
      security: bearer,
      parameters: [addressParam],
      responses: { "200": json(ref("WebhookList"), "Webhooks, oldest first."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/webhooks/{id}": {
    delete: {
      operationId: "deleteWebhook",
      summary: "Remove a webhook; notifications it was still owed are given up.",
      security: bearer,
      parameters: [addressParam, webhookId],
      responses: { "204": noContent("Deleted."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/outbox": {
    get: {
      operationId: "getOutbox",
      summary: "Notifications owed to Telegram chats and webhooks: counts by state and the latest rows, with attempts and last error.",
      security: bearer,
      parameters: [
        addressParam,
        query("limit", "Rows to return, newest first, 1 to 200 (default 50).", { type: "integer", minimum: 1, maximum: 200 }),
      ],
      responses: { "200": json(ref("OutboxReport"), "The outbox."), "400": error("Bad limit."), ...ownerErrors },
    },
  },
};
