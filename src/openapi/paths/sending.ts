// OpenAPI: sending from an address (composed or raw) and its forwarding rules.
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths } from "./common";

const sent = (description: string) => ({
  "202": json(ref("SendResponse"), description),
  "400": error(
    "A header value with CR/LF or control characters, an invalid address, more than SEND_MAX_RECIPIENTS recipients, or a bad field.",
  ),
  ...ownerErrors,
  "403": error("A credential for another address, or sending turned off on this deployment (sending_disabled)."),
  "413": error("The body or the built message is larger than MAX_SEND_BYTES, or the mailbox is full."),
  "429": error("Over the address's daily quota (send_quota_exceeded) or the deployment's rate (rate_limited); Retry-After says when."),
});

const ruleId = { name: "id", in: "path", required: true, description: "The rule's id (a UUID).", schema: { type: "string" } };

export const sendingPaths: Paths = {
  "/api/v1/mailboxes/{address}/send": {
    post: {
      operationId: "sendMessage",
      summary:
        "Send a message from this address: stored in the sent folder (raw bytes exactly as sent, Bcc never in its headers) and queued, one transport message per recipient. replyTo answers a stored message (threading headers, quoted original); forward passes one on (as a byte-identical message/rfc822 part, or inline).",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("SendRequest"),
      responses: sent("Stored and queued; its status follows in the sent folder and as `status` frames."),
    },
  },
  "/api/v1/mailboxes/{address}/send/raw": {
    post: {
      operationId: "sendRawMessage",
      summary:
        "Send a whole RFC 822 message. From must be this address or a +tag of it; recipients are To, Cc and Bcc, or the `rcpt` query list. Bcc and Received fields are removed, a Message-ID and Date added when missing.",
      security: bearer,
      parameters: [
        addressParam,
        {
          name: "rcpt",
          in: "query",
          required: false,
          description: "Recipients instead of the message's own (repeat it, or separate with commas).",
          schema: { type: "array", items: { type: "string" } },
        },
      ],
      requestBody: { required: true, content: { "message/rfc822": { schema: { type: "string", contentMediaType: "message/rfc822" } } } },
      responses: sent("Stored and queued."),
    },
  },
  "/api/v1/mailboxes/{address}/forwards": {
    post: {
      operationId: "createForward",
      summary:
        "Forward every mail that arrives here to an outside address (Email Routing's message.forward(); the destination must be verified on the Cloudflare account).",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("CreateForwardRequest"),
      responses: {
        "201": json(ref("ForwardRule"), "The rule (an existing one for the same destination)."),
        "400": error("Not a valid address, one of this service's own domains (a loop), or the per-mailbox limit reached."),
        ...ownerErrors,
      },
    },
    get: {
      operationId: "listForwards",
      summary: "The mailbox's forwarding rules.",
      security: bearer,
      parameters: [addressParam],
      responses: { "200": json(ref("ForwardRuleList"), "Rules, oldest first."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/forwards/{id}": {
    delete: {
      operationId: "deleteForward",
      summary: "Stop forwarding to this destination.",
      security: bearer,
      parameters: [addressParam, ruleId],
      responses: { "204": noContent("Deleted."), ...ownerErrors },
    },
  },
};
