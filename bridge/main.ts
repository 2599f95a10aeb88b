// npm run bridge: IMAP and SMTP submission for desktop and phone mail clients,
// in front of a Pigeonhole deployment whose public API is the only thing it speaks.
import { readFileSync } from "node:fs";
import type { Server } from "node:net";
import { createSecureContext } from "node:tls";
import { imapServers } from "./imap/server.ts";
import { parseOptions, USAGE } from "./options.ts";
import { smtpServers } from "./smtp/submission.ts";

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const pem = options.tlsFiles ? { cert: readFileSync(options.tlsFiles.cert), key: readFileSync(options.tlsFiles.key) } : null;
  const tls = pem ? createSecureContext(pem) : null;
  const settings = { api: options.api, limits: options.limits, tls, allowInsecureAuth: options.allowInsecureAuth };
  const imap = imapServers(settings, options.limits, pem);
  const ports: Record<string, number> = { imap: await listen(imap.plain, options.imapPort, options.host) };
  if (imap.tls) ports.imaps = await listen(imap.tls, options.imapsPort, options.host);
  const smtp = smtpServers({ api: options.api, limits: options.limits, pem, allowInsecureAuth: options.allowInsecureAuth });
  ports.smtp = await listen(smtp.plain, options.smtpPort, options.host);
  if (smtp.tls) ports.smtps = await listen(smtp.tls, options.smtpsPort, options.host);
  // One line a supervisor (or a test) can read: where each service listens.
  console.log(`bridge ready ${JSON.stringify({ api: options.api, host: options.host, ...ports })}`);
  const stop = () => {
    imap.plain.close();
    imap.tls?.close();
    smtp.plain.close();
    smtp.tls?.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
