// An unmodified MCP client session (the official SDK's Client over its
// Streamable HTTP transport) against a running service, with every HTTP
// exchange written down: for the MCP tests, the transcript script
// (bench/mcp-transcript.ts) and the bench's delivery → wait_for_code latency.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { deliverHttp } from "./service.ts";

export interface Exchange {
  /** ms since the session opened: the request sent, its answer read */
  sent: number;
  at: number;
  method: string;
  request: unknown;
  status: number;
  response: unknown;
}

export interface McpSession {
  client: Client;
  /** performance.now() when the session opened: the origin of the exchanges' times */
  opened: number;
  exchanges: Exchange[];
  /** a tool's answer: its JSON text parsed (or the text), and whether it is an error */
  call(name: string, args: Record<string, unknown>): Promise<{ value: unknown; isError: boolean }>;
  close(): Promise<void>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Connects (initialize) with `token` as the bearer; rejects when the server refuses it. */
export async function openMcp(url: string, token: string | null, headers: Record<string, string> = {}): Promise<McpSession> {
  const exchanges: Exchange[] = [];
  const opened = performance.now();
  const recording: typeof fetch = async (input, init) => {
    const sent = Math.round(performance.now() - opened);
    const res = await fetch(input, init);
    const text = await res.clone().text();
    const body = typeof init?.body === "string" ? parse(init.body) : null;
    exchanges.push({
      sent,
      at: Math.round(performance.now() - opened),
      method: init?.method ?? "GET",
      request: body,
      status: res.status,
      response: parse(text),
    });
    return res;
  };
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
    fetch: recording,
  });
  const client = new Client({ name: "pigeonhole-test-agent", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    opened,
    exchanges,
    async call(name, args) {
      const r = await client.callTool({ name, arguments: args });
      const content = r.content as { type: string; text: string }[];
      return { value: parse(content[0]?.text ?? ""), isError: r.isError === true };
    },
    close: () => client.close(),
  };
}

/** A new user's API key (all scopes unless `scopes`), and the session that can revoke it. */
export async function userKey(url: string, scopes?: string[]): Promise<{ id: string; key: string; session: string }> {
  const username = `agent${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const signUp = await fetch(`${url}/api/v1/users`, {
    method: "POST",
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const { token: session } = (await signUp.json()) as { token: string };
  const made = await fetch(`${url}/api/v1/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${session}` },
    body: JSON.stringify({ name: "mcp agent", ...(scopes ? { scopes } : {}) }),
  });
  if (made.status !== 201) throw new Error(`key failed: ${made.status} ${await made.text()}`);
  return { ...((await made.json()) as { id: string; key: string }), session };
}

/** A mail with a verification code, as a service would send it. */
export function codeMail(to: string, code: string): string {
  return (
    `From: Example Service <no-reply@service.example>\r\nTo: ${to}\r\nSubject: Your verification code\r\n` +
    `Message-ID: <${crypto.randomUUID()}@service.example>\r\nDate: ${new Date().toUTCString()}\r\n` +
    `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour verification code is ${code}. It expires in 10 minutes.\r\n`
  );
}

/** The session the transcript shows: tools listed, an address made, a mail delivered while wait_for_code waits, its code returned. */
export async function agentSignUp(url: string, key: string, code = "493027") {
  const session = await openMcp(url, key);
  try {
    const { tools } = await session.client.listTools();
    const created = await session.call("create_address", {});
    const address = (created.value as { address: string }).address;
    const waiting = session.call("wait_for_code", { address, timeout: 30, from: "service.example" });
    await new Promise((r) => setTimeout(r, 300));
    const deliveredAt = Math.round(performance.now() - session.opened);
    const delivered = await deliverHttp(url, "no-reply@service.example", address, codeMail(address, code));
    if (delivered.status >= 300) throw new Error(`delivery failed: ${delivered.status} ${await delivered.text()}`);
    const got = await waiting;
    return { tools: tools.map((t) => t.name), address, got, deliveredAt, exchanges: session.exchanges };
  } finally {
    await session.close();
  }
}

/** The exchanges as a readable transcript: each request and answer with its time. */
export function transcript(exchanges: Exchange[]): string {
  return exchanges
    .map(
      (e) =>
        `[+${e.sent} ms] → ${e.method} /mcp${e.request === null ? "" : `\n${JSON.stringify(e.request, null, 2)}`}\n` +
        `[+${e.at} ms] ← ${e.status}${e.response === "" ? "" : `\n${JSON.stringify(e.response, null, 2)}`}`,
    )
    .join("\n\n");
}
