// OpenAPI: a mailbox's delivery log and the senders its owner blocks (docs/deliveries.md).
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths, query } from "./common";

const senderParam = {
  name: "sender",
  in: "path",
  required: true,
  description: "The blocked address or domain, URL-encoded, in any form POST accepts.",
  schema: { type: "string" },
};

export const deliveryPaths: Paths = {
  "/api/v1/mailboxes/{address}/deliveries": {
    get: {
      operationId: "listDeliveries",
      summary:
        "The last inbound attempts (DELIVERY_LOG_SIZE), newest first: accepted, junked or rejected and why, with time, envelope sender, size and the stored message's id. Mail for names that do not exist is logged nowhere.",
      security: bearer,
      parameters: [
        addressParam,
        query("limit", "Attempts to return, at least 1 (default and most: DELIVERY_LOG_SIZE).", {
          type: "integer",
          minimum: 1,
          maximum: 1000,
        }),
      ],
      responses: { "200": json(ref("DeliveryLog"), "The log."), "400": error("Bad limit."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/blocked-senders": {
    post: {
      operationId: "blockSender",
      summary:
        "Refuse mail from an address, or from a domain and its subdomains. Checked against the envelope sender and the From header; blocked mail is rejected at SMTP time with a reason and shows in the delivery log.",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("BlockSenderRequest"),
      responses: {
        "201": json(ref("BlockedSender"), "The rule (an existing one for the same sender)."),
        "400": error("Neither an address nor a domain, unknown fields, or the per-mailbox limit (BLOCKED_SENDERS_PER_MAILBOX) reached."),
        ...ownerErrors,
      },
    },
    get: {
      operationId: "listBlockedSenders",
      summary: "The senders this mailbox refuses.",
      security: bearer,
      parameters: [addressParam],
      responses: { "200": json(ref("BlockedSenderList"), "Blocked senders, oldest first."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/blocked-senders/{sender}": {
    delete: {
      operationId: "unblockSender",
      summary: "Accept mail from this sender again.",
      security: bearer,
      parameters: [addressParam, senderParam],
      responses: { "204": noContent("Unblocked."), "400": error("Neither an address nor a domain."), ...ownerErrors },
    },
  },
};
