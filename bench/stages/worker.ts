// The ingest stage ladder's Worker (npm run bench:stages): Pigeonhole itself,
// whose email() stops after the stage the envelope sender names
// (stage-<name>@…), so that one process shows what each step of an inbound
// mail costs in the real runtime. Never deployed; started with this file as
// the entry point over the project's own wrangler.toml.
import { sha256Hex } from "../../src/bytes";
import { readConfig } from "../../src/contract/config";
import type { Env } from "../../src/env";
import { buildDelivery, handleEmail, readRaw } from "../../src/inbound";
import { judgeSender } from "../../src/inbound-screening";
import pigeonhole from "../../src/index";
import { findCodes } from "../../src/mail/codes";
import { parseMail } from "../../src/mail/parse";

export { Keyring, Mailbox, RateLimiter, TelegramChat } from "../../src/index";

async function stage(name: string, message: ForwardableEmailMessage, env: Env, ctx: ExecutionContext): Promise<void> {
  if (name === "none") return;
  if (name === "full") return handleEmail(message, env, ctx);
  const config = readConfig(env);
  const raw = (await readRaw(message.raw, Infinity)) as Uint8Array;
  if (name === "read") return;
  const envelope = { from: message.from, to: message.to.toLowerCase(), tag: null };
  if (name === "build" || name === "hop" || name === "rpc") {
    const { delivery, payload } = await buildDelivery(raw, envelope, config.parser);
    judgeSender(delivery, raw, config.inbound);
    if (name === "hop") await env.MAILBOX.getByName(envelope.to).floor();
    if (name === "rpc") await env.MAILBOX.getByName(envelope.to).floor({ delivery, payload });
    return;
  }
  const { mail } = await parseMail(raw, config.parser);
  if (name === "parse" || !mail) return;
  for (const a of mail.attachments) await sha256Hex(a.content);
  if (name === "hash") return;
  findCodes({ subject: mail.subject, text: mail.text, html: mail.html, addresses: [envelope.from, envelope.to] });
}

export default {
  fetch: pigeonhole.fetch,
  email: (message, env, ctx) => stage(/^stage-([a-z]+)@/.exec(message.from)?.[1] ?? "full", message, env, ctx),
} satisfies ExportedHandler<Env>;
