// What an API key may reach, in one place: each route (method and pattern, as
// the router matched it) and each MCP tool names the scope it needs. Anything
// not listed here is closed to keys (sessions, the admin API, webhooks,
// passwords, WebSockets), so a new route is never opened to keys by accident.
import type { ApiKeyScope } from "../contract/agents";
import { ApiError } from "../http/errors";

/** "any": the key itself, whatever its scopes (GET /api/v1/keys/me). */
type Need = ApiKeyScope | "any";

const MAILBOX = "/api/v1/mailboxes/:address";

const ROUTES: Record<string, Need> = {
  "GET /api/v1/keys/me": "any",
  "POST /api/v1/addresses": "addresses:create",
  [`DELETE ${MAILBOX}`]: "addresses:create",
  [`GET ${MAILBOX}`]: "addresses:read",
  [`GET ${MAILBOX}/messages`]: "addresses:read",
  [`GET ${MAILBOX}/messages/:id`]: "addresses:read",
  [`PATCH ${MAILBOX}/messages/:id`]: "addresses:read",
  [`GET ${MAILBOX}/messages/:id/raw`]: "addresses:read",
  [`GET ${MAILBOX}/messages/:id/attachments/:index`]: "addresses:read",
  [`GET ${MAILBOX}/wait`]: "addresses:read",
  [`GET ${MAILBOX}/codes/next`]: "addresses:read",
  [`DELETE ${MAILBOX}/codes/waits/:wait`]: "addresses:read",
  [`GET ${MAILBOX}/deliveries`]: "addresses:read",
  [`POST ${MAILBOX}/send`]: "send",
  [`POST ${MAILBOX}/send/raw`]: "send",
};

/** The routes above as patterns on a request's path, for the site gate, which runs before routing. */
const KEY_PATHS = Object.keys(ROUTES).map((entry) => {
  const [method, route] = entry.split(" ");
  return { method, path: new RegExp(`^${route.replace(/:[a-z]+/gi, "[^/]+")}$`) };
});

/** Whether a key may call some route at this method and path: only there does a key pass a private site's gate. */
export function keyMayReach(method: string, path: string): boolean {
  return KEY_PATHS.some((k) => k.method === method && k.path.test(path));
}

/** The MCP server's tools (src/mcp/): the same scopes as the routes they stand for. */
export const TOOL_SCOPES = {
  create_address: "addresses:create",
  delete_address: "addresses:create",
  list_messages: "addresses:read",
  read_message: "addresses:read",
  wait_for_code: "addresses:read",
  send: "send",
} as const satisfies Record<string, ApiKeyScope>;

function check(need: Need | undefined, held: readonly ApiKeyScope[], what: string): void {
  if (need === undefined)
    throw new ApiError("forbidden", `An API key cannot use ${what}; it needs a session or the address's own credential.`);
  if (need !== "any" && !held.includes(need)) throw new ApiError("forbidden", `This API key lacks the '${need}' scope that ${what} needs.`);
}

/** 403 unless a key with `held` scopes may call this route (`route`: the pattern the router matched). */
export function requireRouteScope(method: string, route: string | undefined, held: readonly ApiKeyScope[]): void {
  check(route === undefined ? undefined : ROUTES[`${method} ${route}`], held, `${method} ${route ?? "this route"}`);
}

/** 403 unless a key with `held` scopes may call this MCP tool. */
export function requireToolScope(tool: keyof typeof TOOL_SCOPES, held: readonly ApiKeyScope[]): void {
  check(TOOL_SCOPES[tool], held, `the ${tool} tool`);
}
