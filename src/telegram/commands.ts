// The bot's commands (/start /new /bind /list /unbind /mails /delete), each answering with the chat's HTML reply.

import { cut, escapeHtml, inboxLink, type Lang } from "../../objects/mailbox/notice";
import type { ChatAddress } from "../../objects/telegram-chat";
import { normaliseRecipient } from "../address";
import { createAddress } from "../addresses";
import { type Credential, verifyToken } from "../auth";
import { type Config, readConfig } from "../contract/config";
import { parseJsonText } from "../contract/json-text";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { ownedMailbox } from "../mailbox-access";
import { type Texts, texts } from "./texts";

export interface Command {
  chatId: string;
  lang: Lang;
  /** the message text, e.g. "/new alice" or "/mails@PigeonholeBot a@b.test" */
  text: string;
}

const MAX_ID = 2 ** 53 - 1;

interface Ctx {
  env: Env;
  config: Config;
  t: Texts;
  cmd: Command;
  args: string[];
}

type Handler = (c: Ctx) => Promise<string>;

const HANDLERS: Record<string, Handler> = {
  start: async ({ t }) => t.help,
  help: async ({ t }) => t.help,
  new: newAddress,
  bind,
  list,
  unbind,
  mails,
  delete: deleteAddress,
};

/** Runs one command; the answer is always a reply, never an exception. */
export async function runCommand(env: Env, cmd: Command): Promise<string> {
  const t = texts(cmd.lang);
  const words = cmd.text.trim().split(/\s+/);
  if (!words[0].startsWith("/")) return t.notACommand;
  const name = words[0].slice(1).split("@")[0].toLowerCase();
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) return `${t.unknown(escapeHtml(cut(words[0], 64)))}`;
  try {
    return await handler({ env, config: readConfig(env), t, cmd, args: words.slice(1) });
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) return t.refused(escapeHtml(err.message));
    throw err;
  }
}

function chatOf(c: Ctx) {
  return c.env.TELEGRAM_CHAT.getByName(c.cmd.chatId);
}

async function bindHere(c: Ctx, address: string, epoch: string): Promise<string | null> {
  const mailbox = ownedMailbox(c.env, address, { epoch });
  const { expiresAt } = await mailbox.run("bindTelegram", c.cmd.chatId, c.cmd.lang);
  const entry: ChatAddress = { address, epoch, expiresAt, boundAt: Date.now() };
  if (await chatOf(c).add(entry, c.config.telegramAddressesPerChat)) return null;
  // The chat cannot hold it: undo the binding so the two sides agree.
  await mailbox.run("unbindTelegram", c.cmd.chatId);
  return c.t.chatFull(c.config.telegramAddressesPerChat);
}

async function newAddress(c: Ctx): Promise<string> {
  if (c.args.length > 1) return c.t.usage("/new [name]");
  // A private site has no side door: only chats its operator listed may create addresses.
  if (c.config.gate.private && !c.config.gate.telegramAllowedChats.includes(c.cmd.chatId)) return c.t.privateSite;
  if ((await chatOf(c).list()).length >= c.config.telegramAddressesPerChat) return c.t.chatFull(c.config.telegramAddressesPerChat);
  const [name, domain] = c.args.length === 1 ? c.args[0].split("@") : [undefined, undefined];
  const created = await createAddress(c.env, { name, domain: domain || undefined, client: `telegram:${c.cmd.chatId}` });
  const full = await bindHere(c, created.address, created.epoch);
  if (full) return full;
  const expires = `${new Date(created.expiresAt).toISOString().replace("T", " ").slice(0, 16)} UTC`;
  return c.t.created(escapeHtml(created.address), escapeHtml(created.token), expires);
}

async function bind(c: Ctx): Promise<string> {
  if (c.args.length !== 1) return c.t.usage("/bind &lt;credential&gt;");
  let cred: Credential;
  try {
    cred = await verifyToken(c.env, c.args[0]);
  } catch {
    return c.t.badCredential;
  }
  try {
    const full = await bindHere(c, cred.address, cred.epoch);
    return full ?? c.t.bound(escapeHtml(cred.address));
  } catch (err) {
    if (err instanceof ApiError && err.code === "unauthorized") return c.t.credentialGone;
    throw err;
  }
}

async function list(c: Ctx): Promise<string> {
  if (c.args.length > 0) return c.t.usage("/list");
  const entries = await chatOf(c).list();
  if (entries.length === 0) return c.t.listEmpty;
  const now = Date.now();
  return c.t.list(
    entries.map(
      (e) => `• <code>${escapeHtml(e.address)}</code> — ${c.t.expiresIn(Math.max(0, Math.round((e.expiresAt - now) / 3_600_000)))}`,
    ),
  );
}

/** The chat's entry for the address argument, or the reply explaining why there is none. */
async function ownEntry(c: Ctx, usage: string): Promise<ChatAddress | string> {
  if (c.args.length !== 1) return c.t.usage(usage);
  const rcpt = normaliseRecipient(c.args[0], c.config);
  if (!rcpt || rcpt.tag !== null) return c.t.notHere(escapeHtml(cut(c.args[0], 200)));
  return (await chatOf(c).get(rcpt.address)) ?? c.t.notHere(escapeHtml(rcpt.address));
}

/** Runs `fn` against the entry's mailbox; a mailbox that is gone is dropped from the chat. */
async function withMailbox(c: Ctx, e: ChatAddress, fn: () => Promise<string>): Promise<string> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "unauthorized") throw err;
    await chatOf(c).forget(e.address);
    return c.t.gone(escapeHtml(e.address));
  }
}

async function unbind(c: Ctx): Promise<string> {
  const e = await ownEntry(c, "/unbind &lt;address&gt;");
  if (typeof e === "string") return e;
  return withMailbox(c, e, async () => {
    await ownedMailbox(c.env, e.address, { epoch: e.epoch }).run("unbindTelegram", c.cmd.chatId);
    await chatOf(c).forget(e.address);
    return c.t.unbound(escapeHtml(e.address));
  });
}

/** The most characters Telegram takes in one message, counted as it shows them. */
const TELEGRAM_TEXT_MAX = 4096;

/** Characters of HTML-mode text as Telegram counts them: tags gone, an entity one character. */
function shownLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(/&[a-z]+;/g, "x").length;
}

async function mails(c: Ctx): Promise<string> {
  const e = await ownEntry(c, "/mails &lt;address&gt;");
  if (typeof e === "string") return e;
  return withMailbox(c, e, async () => {
    const page = parseJsonText(await ownedMailbox(c.env, e.address, { epoch: e.epoch }).run("list", MAX_ID, 5));
    if (page.messages.length === 0) return c.t.mailsEmpty(escapeHtml(e.address));
    const blocks = page.messages.map((m) => {
      const from = m.from ? escapeHtml(cut(m.from.name || m.from.address, 80)) : "?";
      const subject = m.subject ? escapeHtml(cut(m.subject, 120)) : c.t.noSubject;
      // Codes only: a one-time link cut short would look whole and not work (Open leads to it).
      const codes = m.codes
        .filter((k) => k.kind === "code")
        .slice(0, 3)
        .map((k) => ` <code>${escapeHtml(cut(k.value, 64))}</code>`)
        .join("");
      const link = escapeHtml(inboxLink(c.config.publicUrl, e.address, m.id));
      return `#${m.id} <b>${subject}</b> — ${from}${codes} <a href="${link}">${c.t.open}</a>`;
    });
    // Telegram refuses a message over 4,096 characters (as it shows them): the newest mails that fit.
    const shown = [c.t.mailsTitle(escapeHtml(e.address))];
    for (const block of blocks) {
      if (shownLength([...shown, block].join("\n\n")) > TELEGRAM_TEXT_MAX) break;
      shown.push(block);
    }
    return shown.join("\n\n");
  });
}

async function deleteAddress(c: Ctx): Promise<string> {
  const e = await ownEntry(c, "/delete &lt;address&gt;");
  if (typeof e === "string") return e;
  return withMailbox(c, e, async () => {
    await ownedMailbox(c.env, e.address, { epoch: e.epoch }).run("destroy");
    await chatOf(c).forget(e.address);
    return c.t.deleted(escapeHtml(e.address));
  });
}
