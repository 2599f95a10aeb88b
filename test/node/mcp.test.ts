// The MCP server as an agent meets it: the official MCP client SDK (Client over
// Streamable HTTP) against a real `wrangler dev`: tools listed with their inputs,
// an address made, a mail delivered, wait_for_code returns its code; messages
// read as text; API keys, address credentials and scopes decide who may do what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSignUp, codeMail, openMcp, userKey } from "./mcp-session";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

let svc: Service;
let key: string;
beforeAll(async () => {
  svc = await sharedService();
  key = (await userKey(svc.url)).key;
});
afterAll(async () => {
  await svc?.stop();
});

type Schema = { type: string; properties: Record<string, { type: string }>; required?: string[] };

async function deliver(to: string, raw: string): Promise<void> {
  const res = await deliverHttp(svc.url, "no-reply@service.example", to, raw);
  expect(res.status, await res.clone().text()).toBe(200);
}

async function keyAddress(session: Awaited<ReturnType<typeof openMcp>>): Promise<string> {
  const made = await session.call("create_address", {});
  expect(made.isError, String(made.value)).toBe(false);
  return (made.value as { address: string }).address;
}

describe("MCP tools", () => {
  it("lists the six tools with the inputs the issue names", async () => {
    const session = await openMcp(svc.url, key);
    const { tools } = await session.client.listTools();
    await session.close();
    const inputs = Object.fromEntries(
      tools.map((t) => {
        const s = t.inputSchema as Schema;
        return [
          t.name,
          {
            props: Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, v.type])),
            required: [...(s.required ?? [])].sort(),
          },
        ];
      }),
    );
    expect(inputs).toEqual({
      create_address: { props: { name: "string", domain: "string" }, required: [] },
      list_messages: { props: { address: "string" }, required: ["address"] },
      read_message: { props: { address: "string", id: "integer" }, required: ["address", "id"] },
      wait_for_code: { props: { address: "string", timeout: "integer", from: "string" }, required: ["address", "timeout"] },
      send: {
        props: { address: "string", to: "string", subject: "string", text: "string" },
        required: ["address", "subject", "text", "to"],
      },
      delete_address: { props: { address: "string" }, required: ["address"] },
    });
    for (const t of tools) expect(t.description, t.name).toBeTruthy();
  });

  it("creates an address with an API key and returns the code of a mail delivered while wait_for_code waits", async () => {
    const run = await agentSignUp(svc.url, key, "605118");
    expect(run.address).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+$/);
    expect(run.got.isError).toBe(false);
    expect(run.got.value).toMatchObject({ code: "605118", link: null, id: expect.any(Number) });
    expect((run.got.value as { messageId: string }).messageId).toMatch(/@service\.example>?$/);
    // The answer came after the delivery, not before: the tool waited for it.
    const waitCall = run.exchanges.find((e) => (e.request as { params?: { name?: string } })?.params?.name === "wait_for_code");
    expect(waitCall!.at - waitCall!.sent).toBeGreaterThanOrEqual(250);
  });

  it("hands each code out once: a second wait_for_code times out with null", async () => {
    const session = await openMcp(svc.url, key);
    const address = await keyAddress(session);
    await deliver(address, codeMail(address, "318842"));
    expect((await session.call("wait_for_code", { address, timeout: 5 })).value).toMatchObject({ code: "318842" });
    const again = await session.call("wait_for_code", { address, timeout: 1 });
    expect(again).toEqual({ value: null, isError: false });
    // A filter on the sender is a substring; a sender that does not match is not waited for.
    await deliver(address, codeMail(address, "907715"));
    expect((await session.call("wait_for_code", { address, timeout: 1, from: "other.example" })).value).toBeNull();
    expect((await session.call("wait_for_code", { address, timeout: 5, from: "SERVICE.example" })).value).toMatchObject({ code: "907715" });
    await session.close();
  });

  it("reads a message as text with its links and codes, never its HTML", async () => {
    const session = await openMcp(svc.url, key);
    const address = await keyAddress(session);
    const html =
      `<html><body><script>alert("x")</script><p style="color:red">Hello <b>agent</b>, your code is <strong>552901</strong>.</p>` +
      `<p><a href="https://service.example/verify?t=abc123">Confirm your address</a></p></body></html>`;
    const raw =
      `From: Example Service <no-reply@service.example>\r\nTo: ${address}\r\nSubject: Confirm your address\r\n` +
      `Message-ID: <${crypto.randomUUID()}@service.example>\r\nDate: ${new Date().toUTCString()}\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`;
    await deliver(address, raw);
    const list = await session.call("list_messages", { address });
    const [summary] = list.value as { id: number; subject: string; codes: string[] }[];
    expect(summary).toMatchObject({ subject: "Confirm your address", codes: ["552901"] });
    const read = await session.call("read_message", { address, id: summary.id });
    const m = read.value as { text: string; links: string[]; codes: string[]; subject: string };
    expect(m.codes).toEqual(["552901"]);
    expect(m.links).toContain("https://service.example/verify?t=abc123");
    expect(m.text).toContain("your code is 552901");
    expect(m.text).toContain("Confirm your address");
    expect(m.text).not.toMatch(/<[a-z/]|alert\(|color:red/i);
    expect(JSON.stringify(read.value)).not.toMatch(/<p|<a |<script|"html"/i);
    // A message that is not there is an error the model can read, not a crash.
    const missing = await session.call("read_message", { address, id: summary.id + 1000 });
    expect(missing.isError).toBe(true);
    expect(String(missing.value)).toMatch(/^not_found: /);
    await session.close();
  });
});

describe("MCP credentials and scopes", () => {
  it("takes an address's own credential for that address only, and it cannot create addresses", async () => {
    const claimed = (await (await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: "{}" })).json()) as {
      address: string;
      token: string;
    };
    const session = await openMcp(svc.url, claimed.token);
    await deliver(claimed.address, codeMail(claimed.address, "246810"));
    expect((await session.call("wait_for_code", { address: claimed.address, timeout: 5 })).value).toMatchObject({ code: "246810" });
    const made = await session.call("create_address", {});
    expect(made.isError).toBe(true);
    expect(String(made.value)).toMatch(/^forbidden: /);
    // Another address (one the key made) is not this credential's.
    const keySession = await openMcp(svc.url, key);
    const other = await keyAddress(keySession);
    const foreign = await session.call("list_messages", { address: other });
    expect(foreign.isError).toBe(true);
    expect(String(foreign.value)).toMatch(/^(forbidden|unauthorized): /);
    // delete_address with the address's credential removes it; the credential is then refused at the door.
    expect(await session.call("delete_address", { address: claimed.address })).toEqual({ value: "done", isError: false });
    await expect(session.call("list_messages", { address: claimed.address })).rejects.toThrow(/unauthorized/);
    await expect(openMcp(svc.url, claimed.token)).rejects.toThrow(/"code":"unauthorized"/);
    await Promise.all([session.close(), keySession.close()]);
  });

  it("refuses a mistyped key, a revoked key and no credential at the door with 401", async () => {
    const made = await userKey(svc.url);
    const open = await openMcp(svc.url, made.key);
    await open.close();
    const revoked = await fetch(`${svc.url}/api/v1/keys/${made.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${made.session}` },
    });
    expect(revoked.status).toBe(204);
    // An address credential signed out everywhere is as dead as a revoked key, signature or not.
    const claimed = (await (
      await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: '{"password":"correct horse battery"}' })
    ).json()) as {
      address: string;
      token: string;
    };
    const signedOut = await fetch(`${svc.url}/api/v1/mailboxes/${claimed.address}/sessions/revoke`, {
      method: "POST",
      headers: { authorization: `Bearer ${claimed.token}` },
      body: '{"currentPassword":"correct horse battery"}',
    });
    expect(signedOut.status).toBe(200);
    for (const token of [made.key, `${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}`, claimed.token, null]) {
      await expect(openMcp(svc.url, token), String(token)).rejects.toThrow(/"code":"unauthorized"/);
    }
    // What the client saw: 401 with the v1 error body and a Bearer challenge.
    const res = await fetch(`${svc.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${made.key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("applies a key's scopes to tools: without send it cannot send, without addresses:create it cannot create", async () => {
    const readOnly = await userKey(svc.url, ["addresses:create", "addresses:read"]);
    const session = await openMcp(svc.url, readOnly.key);
    const address = await keyAddress(session);
    const sent = await session.call("send", { address, to: "someone@example.net", subject: "hi", text: "hello" });
    expect(sent.isError).toBe(true);
    expect(String(sent.value)).toBe("forbidden: This API key lacks the 'send' scope that the send tool needs.");
    await session.close();
    // A key with send gets past the scope; this deployment's own rule answers instead (SEND_DAILY_QUOTA 0 in wrangler.toml).
    const full = await openMcp(svc.url, key);
    const mine = await keyAddress(full);
    const tried = await full.call("send", { address: mine, to: "someone@example.net", subject: "hi", text: "hello" });
    expect(String(tried.value)).toMatch(/^send_quota_exceeded: .*0 recipients per UTC day/);
    await full.close();
    const sendOnly = await openMcp(svc.url, (await userKey(svc.url, ["send"])).key);
    const refused = await sendOnly.call("create_address", {});
    expect(String(refused.value)).toBe("forbidden: This API key lacks the 'addresses:create' scope that the create_address tool needs.");
    expect(String((await sendOnly.call("list_messages", { address })).value)).toMatch(/^forbidden: .*addresses:read/);
    await sendOnly.close();
  });
});
