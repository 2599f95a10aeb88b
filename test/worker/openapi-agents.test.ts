// API keys, fresh codes and the MCP endpoint answer as the served OpenAPI
// document says: each status documented, each JSON body valid.
import { describe, expect, it } from "vitest";
import type { KeyCreatedAddress } from "../../src/contract/agents";
import { adminToken, apiWith, bearer, send, signUp } from "./directory-helpers";
import { api, auth, claim, deliver, rawMessage } from "./helpers";
import { makeKey } from "./key-helpers";
import { conforms } from "./openapi-conformance";

const MCP_HEADERS = { accept: "application/json, text/event-stream", "content-type": "application/json" };

function mcp(token: string | null, message: unknown, headers: Record<string, string> = MCP_HEADERS): Promise<Response> {
  return api("/mcp", {
    method: "POST",
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof message === "string" ? message : JSON.stringify(message),
  });
}

describe("scripts' and agents' responses conform to the document", () => {
  it("API keys: made, listed, asked about, revoked, refused", async () => {
    const user = await signUp();
    const made = await makeKey(user.token, { name: "conformance", scopes: ["addresses:create", "addresses:read"] });
    await conforms(
      "post",
      "/api/v1/keys",
      await api("/api/v1/keys", send({ name: "dated", expiresAt: new Date(Date.now() + 60_000).toISOString() }, { token: user.token })),
    );
    await conforms("post", "/api/v1/keys", await api("/api/v1/keys", send({ name: "" }, { token: user.token })));
    await conforms("post", "/api/v1/keys", await api("/api/v1/keys", send({ name: "x" })));
    await conforms("post", "/api/v1/keys", await api("/api/v1/keys", send({ name: "x" }, { token: made.key })));
    await conforms("post", "/api/v1/keys", await api("/api/v1/keys", send({ name: "deployment" }, { token: await adminToken() })));
    const listed = (await conforms("get", "/api/v1/keys", await api("/api/v1/keys", bearer(user.token)))) as { keys: unknown[] };
    expect(listed.keys).toHaveLength(2);
    await conforms("get", "/api/v1/keys", await api("/api/v1/keys"));
    await conforms("get", "/api/v1/keys/me", await api("/api/v1/keys/me", bearer(made.key)));
    await conforms("get", "/api/v1/keys/me", await api("/api/v1/keys/me", bearer(user.token)));
    await conforms("get", "/api/v1/keys/me", await api("/api/v1/keys/me", bearer(`${made.key.slice(0, -1)}0`)));
    const spent = { API_KEY_REQUEST_LIMIT: "1" };
    await apiWith(spent, "/api/v1/keys/me", bearer(made.key));
    await conforms("get", "/api/v1/keys/me", await apiWith(spent, "/api/v1/keys/me", bearer(made.key)));
    const created = (await conforms(
      "post",
      "/api/v1/addresses",
      await api("/api/v1/addresses", send({}, { token: made.key })),
    )) as KeyCreatedAddress;
    expect(created.keyId).toBe(made.id);
    await conforms("delete", "/api/v1/keys/{id}", await api(`/api/v1/keys/${made.id}`, bearer(user.token, "DELETE")));
    await conforms("delete", "/api/v1/keys/{id}", await api(`/api/v1/keys/${made.id}`, bearer(user.token, "DELETE")));
    await conforms("delete", "/api/v1/keys/{id}", await api(`/api/v1/keys/${made.id}`, bearer(made.key, "DELETE")));
  });

  it("codes/next: a code, a timeout, a bad query, another address's credential", async () => {
    const { address, token } = await claim();
    const T = "/api/v1/mailboxes/{address}/codes/next";
    const next = (query: string, t = token) => api(`/api/v1/mailboxes/${address}/codes/next?${query}`, auth(t));
    await deliver(address, rawMessage({ to: address, subject: "Sign in", body: "Your code is 318204." }));
    const got = (await conforms("get", T, await next("timeout=5&from=EXAMPLE&subject=sign"))) as { code: string };
    expect(got.code).toBe("318204");
    await conforms("get", T, await next("timeout=0"));
    await conforms("get", T, await next("timeout=99999"));
    await conforms("get", T, await next("timeout=0", (await claim()).token));
    await conforms("get", T, await api(`/api/v1/mailboxes/${address}/codes/next`));
  });

  it("/mcp: a tools/list answer, a notification, a bad message, no credential, a session", async () => {
    const { key } = await makeKey((await signUp()).token);
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "conformance", version: "1" } },
    };
    const listed = (await conforms("post", "/mcp", await mcp(key, { jsonrpc: "2.0", id: 2, method: "tools/list" }))) as {
      result: { tools: { name: string }[] };
    };
    expect(listed.result.tools.map((t) => t.name)).toContain("wait_for_code");
    const statuses: number[] = [];
    const check = async (res: Response) => {
      statuses.push(res.status);
      await conforms("post", "/mcp", res);
    };
    await check(await mcp(key, init));
    await check(await mcp(key, { jsonrpc: "2.0", method: "notifications/initialized" }));
    await check(await mcp(key, "{not json"));
    await check(await mcp(key, init, { "content-type": "application/json", accept: "text/html" }));
    await check(await mcp(key, init, { accept: MCP_HEADERS.accept, "content-type": "text/plain" }));
    await check(await mcp(null, init));
    await check(await mcp((await signUp()).token, init));
    const headers = { ...MCP_HEADERS, authorization: `Bearer ${key}` };
    await check(await apiWith({ API_KEY_REQUEST_LIMIT: "1" }, "/mcp", { method: "POST", headers, body: JSON.stringify(init) }));
    expect(statuses).toEqual([200, 202, 400, 406, 415, 401, 403, 429]);
  });
});
