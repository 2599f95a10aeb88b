// OpenAPI: messages of one mailbox: list, read, mark read, raw, attachments, delete.
import { ref } from "../schema";
import { addressParam, bearer, body, error, idParam, json, noContent, ownerErrors, type Paths, query } from "./common";

const bytes = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: "string", contentMediaType: type } } },
});

export const messagePaths: Paths = {
  "/api/v1/mailboxes/{address}/messages": {
    get: {
      operationId: "listMessages",
      summary: "One folder (the inbox unless `folder` says otherwise), newest first, keyset pagination.",
      security: bearer,
      parameters: [
        addressParam,
        query("limit", "1 to 100 (default 50).", { type: "integer", minimum: 1, maximum: 100 }),
        query("before", "Only ids below this (from nextBefore)."),
        query("folder", "inbox (default), sent, or junk (arrived mail that failed DMARC, when JUNK_ON_DMARC_FAIL is on).", {
          type: "string",
          enum: ["inbox", "sent", "junk"],
        }),
      ],
      responses: { "200": json(ref("MessageList"), "A page."), "400": error("Bad parameter."), ...ownerErrors },
    },
    delete: {
      operationId: "clearMessages",
      summary: "Delete every message.",
      security: bearer,
      parameters: [addressParam],
      responses: { "204": noContent("Cleared."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/messages/{id}": {
    get: {
      operationId: "getMessage",
      summary: "One message in full.",
      security: bearer,
      parameters: [addressParam, idParam],
      responses: { "200": json(ref("MessageDetail"), "The message."), ...ownerErrors },
    },
    patch: {
      operationId: "updateMessage",
      summary: "Mark a message read or unread; every live socket of the mailbox hears a seen frame.",
      security: bearer,
      parameters: [addressParam, idParam],
      requestBody: body("MessagePatch"),
      responses: { "200": json(ref("MessageSummary"), "The message as it is now."), "400": error("Bad body."), ...ownerErrors },
    },
    delete: {
      operationId: "deleteMessage",
      summary: "Delete one message.",
      security: bearer,
      parameters: [addressParam, idParam],
      responses: { "204": noContent("Deleted."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/messages/{id}/raw": {
    get: {
      operationId: "getRawMessage",
      summary: "The raw message, byte-identical to what arrived.",
      security: bearer,
      parameters: [addressParam, idParam],
      responses: { "200": bytes("message/rfc822", "The raw RFC 822 bytes."), ...ownerErrors },
    },
  },
  "/api/v1/mailboxes/{address}/messages/{id}/attachments/{index}": {
    get: {
      operationId: "getAttachment",
      summary: "An attachment's decoded bytes, as a download.",
      security: bearer,
      parameters: [addressParam, idParam, { name: "index", in: "path", required: true, schema: { type: "integer", minimum: 0 } }],
      responses: {
        // Any type: served with the attachment's own (declared) content type.
        "200": { description: "The bytes, with the attachment's own content type.", content: { "*/*": { schema: { type: "string" } } } },
        "400": error("Bad index."),
        ...ownerErrors,
      },
    },
  },
};
