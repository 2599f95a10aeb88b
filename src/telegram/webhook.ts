// POST /telegram/webhook: checks Telegram's secret, runs the command, and answers with the reply as the webhook response
// (Telegram performs that sendMessage: no extra request, no use of the token).

import { langOf } from "../../objects/mailbox/notice";
import { sameSecret } from "../bytes";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { readBounded } from "../http/request";
import type { Router } from "../http/router";
import { runCommand } from "./commands";

/** Updates are small; a 4096-character message in any script fits well below this. */
const MAX_UPDATE_BYTES = 64 * 1024;

interface Update {
  update_id?: unknown;
  message?: {
    text?: unknown;
    chat?: { id?: unknown };
    from?: { language_code?: unknown };
  };
}

async function readUpdate(req: Request): Promise<Update> {
  const buf = await readBounded(req, MAX_UPDATE_BYTES);
  try {
    const value = JSON.parse(new TextDecoder().decode(buf));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Update;
  } catch {
    // fall through
  }
  throw new ApiError("invalid_json", "Update must be a JSON object.");
}

export function telegramRoutes(router: Router): void {
  router.post("/telegram/webhook", async (req, env: Env) => {
    if (!env.TELEGRAM_BOT_TOKEN) {
      throw new ApiError("not_found", "The Telegram bot is off on this deployment (no TELEGRAM_BOT_TOKEN).");
    }
    const given = req.headers.get("x-telegram-bot-api-secret-token");
    const expected = env.TELEGRAM_WEBHOOK_SECRET;
    if (!expected || given === null || !(await sameSecret(given, expected))) {
      throw new ApiError("unauthorized", "Wrong or missing X-Telegram-Bot-Api-Secret-Token.");
    }
    const update = await readUpdate(req);
    const msg = update.message;
    const chatId = msg?.chat?.id;
    // Anything but a text message (edits, joins, stickers…) needs no answer.
    if (typeof msg?.text !== "string" || (typeof chatId !== "number" && typeof chatId !== "string")) {
      return new Response(null, { status: 200 });
    }
    const chat = String(chatId);
    if (typeof update.update_id === "number" && !(await env.TELEGRAM_CHAT.getByName(chat).accept(update.update_id))) {
      return new Response(null, { status: 200 }); // a redelivered update: already answered
    }
    const lang = langOf(typeof msg.from?.language_code === "string" ? msg.from.language_code : null);
    const text = await runCommand(env, { chatId: chat, lang, text: msg.text });
    return Response.json({
      method: "sendMessage",
      chat_id: chatId,
      text,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });
  router.all("/telegram/webhook", () => {
    throw new ApiError("method_not_allowed", "Telegram delivers updates with POST.");
  });
}
