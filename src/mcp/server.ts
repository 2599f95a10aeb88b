// The MCP server at /mcp: the official TypeScript SDK's McpServer over its
// web-standard Streamable HTTP transport, stateless (a server per request, JSON
// answers, no session), so it runs in the Worker's fetch handler as it is.
// Authentication is the v1 API's: an API key (scopes apply) or an address credential.

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import * as z from "zod";
import { nameWait } from "../abandoned-wait";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import type { Principal } from "../principal";
import { MailTools } from "./tools";

const INSTRUCTIONS =
  "Disposable email addresses for signing up to services. create_address makes one (needs an API key); " +
  "give it to the service, then wait_for_code returns the verification code or link it mails, each code once. " +
  "read_message gives a message's text, links and codes; send and delete_address act on addresses this credential opens.";

type Answer = { content: { type: "text"; text: string }[]; isError?: boolean };

/** A tool's answer: its value as JSON text, or the error's code and message (never a stack). */
async function answer(work: () => Promise<unknown>): Promise<Answer> {
  try {
    const value = await work();
    return { content: [{ type: "text", text: value === undefined ? "done" : JSON.stringify(value, null, 2) }] };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { content: [{ type: "text", text: `${err.code}: ${err.message}` }], isError: true };
  }
}

const address = z.string().describe("An address this credential opens, e.g. name@domain");

function mailServer(tools: MailTools): McpServer {
  const server = new McpServer(
    { name: "pigeonhole", version: "1.0.0" },
    { instructions: INSTRUCTIONS, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  server.registerTool(
    "create_address",
    {
      description: "Create a disposable address (random unless name is given). Needs an API key with addresses:create.",
      inputSchema: { name: z.string().optional().describe("local part to claim"), domain: z.string().optional() },
    },
    ({ name, domain }) => answer(() => tools.createAddress(name, domain)),
  );
  server.registerTool(
    "list_messages",
    { description: "The inbox of an address, newest first (50 at most), with codes and links found in each.", inputSchema: { address } },
    ({ address: a }) => answer(() => tools.listMessages(a)),
  );
  server.registerTool(
    "read_message",
    {
      description: "One message as text, with its links and codes (never raw HTML).",
      inputSchema: { address, id: z.number().int().positive().describe("the message id from list_messages") },
    },
    ({ address: a, id }) => answer(() => tools.readMessage(a, id)),
  );
  server.registerTool(
    "wait_for_code",
    {
      description:
        "Wait for the next verification code or one-time link mailed to the address (mail already there counts), " +
        "each handed out once. Answers {id, messageId, code, link, receivedAt}, or null after the timeout.",
      inputSchema: {
        address,
        timeout: z.number().int().min(0).describe("seconds to wait, at most the deployment's WAIT_MAX_SECONDS (60 unless configured)"),
        from: z.string().optional().describe("only mail whose sender contains this text (case-insensitive)"),
      },
    },
    ({ address: a, timeout, from }) => answer(() => tools.waitForCode(a, timeout, from)),
  );
  server.registerTool(
    "send",
    {
      description: "Send a plain-text mail from the address (where this deployment and the credential allow sending).",
      inputSchema: { address, to: z.string().describe("one recipient"), subject: z.string(), text: z.string() },
    },
    ({ address: a, to, subject, text }) => answer(() => tools.send(a, to, subject, text)),
  );
  server.registerTool(
    "delete_address",
    { description: "Delete the address and all its mail.", inputSchema: { address } },
    ({ address: a }) => answer(() => tools.deleteAddress(a)),
  );
  return server;
}

/** Answers one MCP request (a JSON-RPC message or batch) for `caller`. */
export async function serveMcp(req: Request, env: Env, ctx: ExecutionContext, caller: Principal, client: string): Promise<Response> {
  const server = mailServer(new MailTools(env, caller, client, (mailbox) => nameWait(req, ctx, mailbox)));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req);
  } finally {
    await server.close();
  }
}
