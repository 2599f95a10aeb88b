// The pigeonhole command line: new, ls, show, raw, watch, wait-code, login, send —
// a thin shell over the SDK (client/sdk), `--json` everywhere.
import { parseArgs } from "node:util";
import { Pigeonhole, PigeonholeError, PigeonholeKey, TimeoutError } from "../sdk/index.ts";
import { sendCommand } from "./send.mjs";
import { intOption, UsageError } from "./usage.mjs";

/** @typedef {import("../../src/contract/wire").MessageSummary} MessageSummary */

const GLOBAL_HELP = `Usage: pigeonhole <command> [options]

Disposable email addresses whose mail arrives live.

Commands:
  new [name]        create an address (random unless a name is given)
  login <address>   get a fresh credential with the address's password
  ls                list messages, newest first
  show <id>         show one message
  raw <id>          write the raw message (RFC 822 bytes) to stdout
  watch             print each mail as it lands (live, until Ctrl-C)
  wait-code         wait for a mail with a code and print the code
  send              send a message from the address (or reply, forward)

Options for every command:
  --url <url>       service base URL      (env PIGEONHOLE_URL, default http://localhost:8787)
  --token <jwt>     the address's credential, or an API key (env PIGEONHOLE_TOKEN)
  --address <addr>  the address to act on with an API key (env PIGEONHOLE_ADDRESS)
  --json            machine-readable output
  -h, --help        help for the command

Exit status: 0 success, 1 error, 2 timeout (wait-code), 130 stopped by Ctrl-C (wait-code).
Run 'pigeonhole <command> --help' for a command's own options.`;

/** Each command: its help, its own options, and what it does. */
const COMMANDS = {
  new: {
    usage: "pigeonhole new [name] [--domain <domain>] [--password <password>] [--json]",
    about:
      "Create an address. Prints the address and its credential (export it as PIGEONHOLE_TOKEN).\n" +
      "With an API key as the token, the key creates it and opens it itself: prints PIGEONHOLE_ADDRESS instead.",
    options: { domain: { type: "string" }, password: { type: "string" } },
    async run(ctx) {
      if (ctx.keyClient) {
        const { client: _, ...made } = await ctx.keyClient.createAddress({
          ...(ctx.positionals[0] ? { name: ctx.positionals[0] } : {}),
          ...(ctx.values.domain ? { domain: ctx.values.domain } : {}),
        });
        if (ctx.json) return ctx.print(made);
        ctx.out(`${made.address}\nexpires ${made.expiresAt}\nexport PIGEONHOLE_ADDRESS=${made.address}\n`);
        return;
      }
      const created = await ctx.client.createAddress({
        ...(ctx.positionals[0] ? { name: ctx.positionals[0] } : {}),
        ...(ctx.values.domain ? { domain: ctx.values.domain } : {}),
        ...(ctx.values.password ? { password: ctx.values.password } : {}),
      });
      if (ctx.json) return ctx.print(created);
      ctx.out(`${created.address}\n`);
      ctx.out(`expires ${created.expiresAt}\n`);
      ctx.out(`export PIGEONHOLE_TOKEN=${created.token}\n`);
    },
  },
  login: {
    usage: "pigeonhole login <address> --password <password> [--json]",
    about: "Exchange an address and its password for a fresh credential.",
    options: { password: { type: "string" } },
    needs: 1,
    async run(ctx) {
      const password = ctx.values.password ?? process.env.PIGEONHOLE_PASSWORD;
      if (!password) throw new UsageError("login needs --password (or PIGEONHOLE_PASSWORD).");
      const fresh = await ctx.client.login(ctx.positionals[0], password);
      if (ctx.json) return ctx.print(fresh);
      ctx.out(`export PIGEONHOLE_TOKEN=${fresh.token}\n`);
    },
  },
  ls: {
    usage: "pigeonhole ls [--limit <n>] [--before <id>] [--folder inbox|sent] [--json]",
    about: "List messages, newest first (the inbox, or sent mail with its status).",
    options: { limit: { type: "string" }, before: { type: "string" }, folder: { type: "string" } },
    auth: true,
    async run(ctx) {
      const folder = ctx.values.folder ?? "inbox";
      if (folder !== "inbox" && folder !== "sent") throw new UsageError("--folder must be inbox or sent.");
      const page = await ctx.client.list({
        limit: ctx.values.limit ? intOption(ctx.values.limit, "limit") : undefined,
        before: ctx.values.before ? intOption(ctx.values.before, "before") : undefined,
        folder,
      });
      if (ctx.json) return ctx.print(page);
      if (page.messages.length === 0) ctx.out("no mail\n");
      for (const m of page.messages) ctx.out(line(m));
    },
  },
  show: {
    usage: "pigeonhole show <id> [--json]",
    about: "Show one message: headers, codes, text.",
    needs: 1,
    auth: true,
    async run(ctx) {
      const m = await ctx.client.get(intOption(ctx.positionals[0], "id"));
      if (ctx.json) return ctx.print(m);
      ctx.out(`From:     ${m.from ? `${m.from.name} <${m.from.address}>` : "(none)"}\n`);
      ctx.out(`To:       ${m.to.map((a) => a.address).join(", ")}\n`);
      ctx.out(`Subject:  ${m.subject ?? ""}\n`);
      ctx.out(`Received: ${m.receivedAt}\n`);
      if (m.codes.length) ctx.out(`Codes:    ${m.codes.map((c) => c.value).join(" ")}\n`);
      for (const a of m.attachments) ctx.out(`Attached: [${a.index}] ${a.filename ?? "(unnamed)"} ${a.contentType} ${a.size} bytes\n`);
      ctx.out(`\n${m.text ?? (m.html ? "(HTML only)" : "")}\n`);
    },
  },
  raw: {
    usage: "pigeonhole raw <id> [--json]",
    about: "Write the raw message, byte for byte, to stdout (--json: {id, raw} as text).",
    needs: 1,
    auth: true,
    async run(ctx) {
      const id = intOption(ctx.positionals[0], "id");
      const bytes = await ctx.client.raw(id);
      if (ctx.json) return ctx.print({ id, raw: new TextDecoder().decode(bytes) });
      await new Promise((resolve) => process.stdout.write(bytes, resolve));
    },
  },
  watch: {
    usage: "pigeonhole watch [--since <id>] [--json]",
    about: "Print each mail as it lands (one line each; --json: one JSON object per line). Runs until Ctrl-C.",
    options: { since: { type: "string" } },
    auth: true,
    async run(ctx) {
      if (ctx.keyClient)
        throw new UsageError("watch needs the address's credential: API keys cannot open WebSockets (use wait-code or ls).");
      // Asked first whatever --since says: a dead credential is an error now, not a socket retried forever.
      const meta = await ctx.client.meta();
      const since = ctx.values.since !== undefined ? intOption(ctx.values.since, "since") : meta.latestId;
      if (!ctx.json) ctx.err(`watching ${ctx.client.address} (Ctrl-C to stop)\n`);
      return new Promise((resolve, reject) => {
        const finish = (/** @type {number | Error} */ outcome) => {
          sub.close();
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        const sub = ctx.client.subscribe({
          since,
          onMessage: (m) => (ctx.json ? ctx.out(`${JSON.stringify(m)}\n`) : ctx.out(line(m))),
          onEnd: () => finish(0),
          onError: () => {},
          onRevoked: () => finish(new Error("the address's credentials were revoked (signed out everywhere); sign in again")),
          // Several connects in a row failed: ask the API why, and stop if the credential is what fails.
          onStalled: () => ctx.client.meta().catch((/** @type {unknown} */ e) => finish(e instanceof Error ? e : new Error(String(e)))),
        });
        const stop = () => finish(0);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    },
  },
  "wait-code": {
    usage: "pigeonhole wait-code [--timeout <seconds>] [--since <id>] [--from <text>] [--subject <text>] [--json]",
    about:
      "Wait for a mail carrying a verification code (or one-time link) and print it, then exit 0.\n" +
      "Only mail arriving after the command starts counts, unless --since is given (0 = any mail).\n" +
      "--from / --subject: only mail whose sender / subject contains the text (any case).\n" +
      "Each code is handed out once: two waiters on one address never print the same one.\n" +
      "Exits 2 after --timeout seconds (default 60) without one; Ctrl-C ends the wait (exit 130) and takes no code.",
    options: { timeout: { type: "string" }, since: { type: "string" }, from: { type: "string" }, subject: { type: "string" } },
    auth: true,
    async run(ctx) {
      const timeout = ctx.values.timeout ? intOption(ctx.values.timeout, "timeout") : 60;
      const after = ctx.values.since !== undefined ? intOption(ctx.values.since, "since") : (await ctx.client.meta()).latestId;
      // On stderr, so stdout carries only the code: scripts can wait for this line before sending mail.
      ctx.err(`waiting for a code on ${ctx.client.address} (mail after #${after}, ${timeout} s)\n`);
      // Ctrl-C ends the wait in the mailbox too: left there, it would take the next code for nobody.
      const stopped = new AbortController();
      const stop = () => stopped.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        const found = await ctx.client.nextCode({
          after,
          timeout: timeout * 1000,
          from: ctx.values.from,
          subject: ctx.values.subject,
          signal: stopped.signal,
        });
        const value = found.code ?? found.link;
        if (ctx.json) {
          const message = await ctx.client.get(found.id);
          // `code` is what stdout would print (a link when the mail has no code), as before nextCode.
          return ctx.print({ ...found, code: value, kind: found.code !== null ? "code" : "link", message });
        }
        ctx.out(`${value}\n`);
      } catch (err) {
        if (stopped.signal.aborted) {
          ctx.err("stopped; no code was taken\n");
          return 130;
        }
        if (!(err instanceof TimeoutError)) throw err;
        if (ctx.json) ctx.print({ code: null, error: "timeout" });
        else ctx.err(`no code within ${timeout} s\n`);
        return 2;
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    },
  },
  send: sendCommand,
};

/** @param {MessageSummary} m */
function line(m) {
  const from = m.from?.address ?? "?";
  const codes = m.codes.length ? `  [${m.codes.map((c) => c.value).join(" ")}]` : "";
  const status = m.status ? `  (${m.status}${m.statusReason ? `: ${m.statusReason}` : ""})` : "";
  return `${String(m.id).padStart(4)}  ${m.receivedAt}  ${from}  ${m.subject ?? "(no subject)"}${codes}${status}\n`;
}

const COMMON = {
  url: { type: "string" },
  token: { type: "string" },
  address: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/**
 * Runs one command line; returns the exit status.
 * @param {string[]} argv
 * @param {{ out?: (s: string) => void, err?: (s: string) => void, env?: Record<string, string | undefined> }} io
 */
export async function main(argv, io = {}) {
  const out = io.out ?? ((s) => process.stdout.write(s));
  const err = io.err ?? ((s) => process.stderr.write(s));
  const env = io.env ?? process.env;
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out(`${GLOBAL_HELP}\n`);
    return name ? 0 : 1;
  }
  const command = COMMANDS[/** @type {keyof typeof COMMANDS} */ (name)];
  if (!command) {
    err(`unknown command '${name}'\n\n${GLOBAL_HELP}\n`);
    return 1;
  }
  const help = () => `Usage: ${command.usage}\n\n${command.about}\n\nAlso: --url, --token, --json, --help (see 'pigeonhole --help').\n`;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON, ...(command.options ?? {}) }, allowPositionals: true, strict: true });
  } catch (e) {
    err(`${e instanceof Error ? e.message : e}\n\n${help()}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(help());
    return 0;
  }
  const json = Boolean(values.json);
  try {
    if (positionals.length < (command.needs ?? 0)) throw new UsageError(`missing argument.\n\n${help()}`);
    const token = values.token ?? env.PIGEONHOLE_TOKEN;
    if (command.auth && !token) throw new UsageError("no credential: pass --token or set PIGEONHOLE_TOKEN (from 'pigeonhole new').");
    const baseUrl = values.url ?? env.PIGEONHOLE_URL ?? "http://localhost:8787";
    const address = values.address ?? env.PIGEONHOLE_ADDRESS;
    const isKey = token?.startsWith("ph_") ?? false;
    if (command.auth && isKey && !address) throw new UsageError("with an API key, say which address: --address or PIGEONHOLE_ADDRESS.");
    const client = new Pigeonhole({ baseUrl, token: command.auth ? token : undefined, address: command.auth ? address : undefined });
    const keyClient = isKey && token ? new PigeonholeKey({ baseUrl, key: token }) : null;
    const print = (/** @type {unknown} */ v) => out(`${JSON.stringify(v, null, 2)}\n`);
    const status = await command.run({ client, keyClient, values, positionals, json, out, err, print });
    return typeof status === "number" ? status : 0;
  } catch (e) {
    const message = e instanceof PigeonholeError ? `${e.message} (${e.status} ${e.code})` : e instanceof Error ? e.message : String(e);
    if (json)
      out(
        JSON.stringify({ error: e instanceof PigeonholeError ? { status: e.status, code: e.code, message: e.message } : { message } }) +
          "\n",
      );
    else err(`pigeonhole ${name}: ${message}\n`);
    return 1;
  }
}
