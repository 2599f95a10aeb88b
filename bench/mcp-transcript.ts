// npm run mcp:transcript [-- --url URL] [--key ph_…] [--start]: one MCP client session
// (the official SDK, as an agent runs it) against a running service, printed
// exchange by exchange as it went over the wire: tools listed, an address made,
// a mail delivered while wait_for_code waits, the code returned.
// Without --key a user is signed up and given a key (registration must be open);
// the mail goes through wrangler dev's local email endpoint, so the service is `npm start`'s.
import { agentSignUp, transcript, userKey } from "../test/node/mcp-session.ts";
import { type Service, startService } from "../test/node/service.ts";

const USAGE = "npm run mcp:transcript -- [--url http://127.0.0.1:8787] [--key ph_…] [--start]";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

if (process.argv.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}

let started: Service | null = null;
try {
  if (process.argv.includes("--start")) started = await startService();
  const url = started?.url ?? option("url") ?? process.env.PIGEONHOLE_URL ?? "http://127.0.0.1:8787";
  const key = option("key") ?? (await userKey(url)).key;
  const run = await agentSignUp(url, key);
  console.log(`MCP session against ${url}/mcp (client: @modelcontextprotocol/sdk Client + StreamableHTTPClientTransport)`);
  console.log(`tools: ${run.tools.join(", ")}; address: ${run.address}; wait_for_code answered: ${JSON.stringify(run.got.value)}`);
  console.log(`the mail was posted to the local email endpoint at +${run.deliveredAt} ms (while wait_for_code was waiting)\n`);
  console.log(transcript(run.exchanges));
} finally {
  await started?.stop();
}
