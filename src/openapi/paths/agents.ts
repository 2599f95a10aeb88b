// OpenAPI: what scripts and agents use: API keys, fresh codes, and the MCP
// server at /mcp (docs/agents.md).
import { type JsonSchema, ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, ownerErrors, type Paths, query, userErrors } from "./common";

const keyIdParam = { name: "id", in: "path", required: true, description: "The key's id (not the key).", schema: { type: "string" } };

const substring = (param: string, what: string) =>
  query(param, `Only mail whose ${what} contains this text, case-insensitively (a plain substring, never a pattern).`, { type: "string" });

/** A JSON-RPC 2.0 message of the Model Context Protocol (its schema is the protocol's, not restated here). */
const jsonRpc: JsonSchema = {
  type: "object",
  description: "A JSON-RPC 2.0 message (or, for requests, a batch of them) as the Model Context Protocol defines it.",
  properties: {
    jsonrpc: { const: "2.0" },
    id: { type: ["string", "integer", "null"] },
    method: { type: "string" },
    params: { type: "object" },
  },
  required: ["jsonrpc"],
};

export const agentPaths: Paths = {
  "/api/v1/keys": {
    post: {
      operationId: "createApiKey",
      summary:
        "Make an API key for scripts with a user's session (theirs) or the admin's (a deployment key, audited). The key is in this answer only.",
      security: bearer,
      requestBody: body("CreateApiKeyRequest"),
      responses: {
        "201": json(ref("CreatedApiKey"), "The key, shown once."),
        "400": error("Bad name, scope or expiresAt, or unknown fields."),
        "401": error("No session, or one that has ended."),
        "403": error(
          "Not a user's or the admin's session (a key cannot make keys), or the account holds API_KEYS_PER_USER keys (limit_reached).",
        ),
      },
    },
    get: {
      operationId: "listApiKeys",
      summary: "The caller's keys (the admin: deployment keys), newest first, never their secrets.",
      security: bearer,
      responses: { "200": json(ref("ApiKeyList"), "The keys."), ...userErrors },
    },
  },
  "/api/v1/keys/me": {
    get: {
      operationId: "getApiKeyStatus",
      summary: "With the key itself: its name and scopes, and what is left of its creation and request quotas (asking spends no creation).",
      security: bearer,
      responses: {
        "200": json(ref("ApiKeyStatus"), "The key and its quotas."),
        "401": error("No key, or one mistyped, revoked, expired or of a disabled account."),
        "403": error("A credential that is not an API key."),
        "429": error("The key's request quota is spent (Retry-After says when it resets)."),
      },
    },
  },
  "/api/v1/keys/{id}": {
    delete: {
      operationId: "revokeApiKey",
      summary: "Revoke a key at once. A user revokes their own; the admin any key (audited).",
      security: bearer,
      parameters: [keyIdParam],
      responses: { "204": noContent("Revoked."), ...userErrors, "404": error("No such key (or not the caller's).") },
    },
  },
  "/api/v1/mailboxes/{address}/codes/next": {
    get: {
      operationId: "nextCode",
      summary:
        "Wait (push-fed) for the first inbox message after `after` that matches the filters and carries a code or one-time link; mail already there counts, oldest first. " +
        "Each message is handed out once per mailbox, so two concurrent callers never get the same code, unless peek=true. Junk never counts.",
      security: bearer,
      parameters: [
        addressParam,
        query("after", "Only messages with a larger id (default 0)."),
        substring("from", "sender (From address or name, or envelope sender)"),
        substring("subject", "subject"),
        query("timeout", "Seconds to wait (default 30 or WAIT_MAX_SECONDS if lower; at most WAIT_MAX_SECONDS)."),
        query("peek", "true: look without handing out (and see codes already handed out).", { type: "boolean" }),
        query(
          "wait",
          "A name for this wait (8–64 of A–Z a–z 0–9 _ -): a client that gives up ends it with DELETE …/codes/waits/{wait}, so it takes no code meant for the next caller.",
          { type: "string", pattern: "^[A-Za-z0-9_-]{8,64}$" },
        ),
      ],
      responses: {
        "200": json(ref("NextCode"), "The code or link, and the message it came in."),
        "204": noContent("Nothing matching arrived before the timeout."),
        "400": error("Bad after, timeout (past WAIT_MAX_SECONDS), peek, wait or filter."),
        ...ownerErrors,
        "429": error("The mailbox already holds WAITS_PER_MAILBOX waits, or an API key's request quota is spent (Retry-After)."),
      },
    },
  },
  "/api/v1/mailboxes/{address}/codes/waits/{wait}": {
    delete: {
      operationId: "endCodeWait",
      summary:
        "End a codes/next wait its client gave up on (named with `wait`): it answers 204 at once and takes nothing. Nothing to end (it answered already, or never began) is no error.",
      security: bearer,
      parameters: [
        addressParam,
        { name: "wait", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,64}$" } },
      ],
      responses: { "204": noContent("Ended, or nothing was waiting under that name."), "400": error("Not a wait name."), ...ownerErrors },
    },
  },
  "/mcp": {
    post: {
      operationId: "mcp",
      summary:
        "The Model Context Protocol server (Streamable HTTP transport, stateless, JSON answers, no session id): tools create_address, list_messages, " +
        "read_message, wait_for_code, send and delete_address. Authenticated by an API key (its scopes apply per tool) or an address's own credential " +
        "(which a private site still gates). GET and DELETE answer 405: there is no server stream and no session to end.",
      security: bearer,
      requestBody: { required: true, content: { "application/json": { schema: jsonRpc } } },
      responses: {
        "200": json(jsonRpc, "The JSON-RPC response (a tool's failure is a result with isError, its text `code: message`)."),
        "202": noContent("A notification or response from the client, accepted."),
        "400": json(jsonRpc, "Not a JSON-RPC message (a JSON-RPC error)."),
        "401": error("No credential, or an invalid, revoked or expired one (with WWW-Authenticate: Bearer)."),
        "403": error("A user's or the admin's session: the server takes an API key or an address credential."),
        "406": json(jsonRpc, "The Accept header does not take both application/json and text/event-stream (a JSON-RPC error)."),
        "415": json(jsonRpc, "The body is not application/json (a JSON-RPC error)."),
        "429": error("The API key's request quota is spent (Retry-After)."),
      },
    },
  },
};
