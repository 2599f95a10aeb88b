// Test helpers for the outside world: the fake Bot API / webhook receiver
// (test/fake-remote/server.ts) and Telegram updates sent to our webhook.
import { env } from "cloudflare:workers";
import type { FakeRequest, FakeRule } from "../fake-remote/server";
import { api } from "./helpers";

export const FAKE = env.TELEGRAM_API_BASE!;
export const WEBHOOK_SECRET = env.TELEGRAM_WEBHOOK_SECRET!;

/** Scripts how the fake answers one target ("telegram:<chat>" or "webhook:<name>"); returns the fake's clock. */
export async function script(key: string, rules: FakeRule[]): Promise<number> {
  const res = await fetch(`${FAKE}/_control/rules`, { method: "POST", body: JSON.stringify({ key, rules }) });
  return (await res.json<{ at: number }>()).at;
}

export async function received(key: string): Promise<FakeRequest[]> {
  const res = await fetch(`${FAKE}/_control/requests?key=${encodeURIComponent(key)}`);
  return (await res.json<{ requests: FakeRequest[] }>()).requests;
}

/** Polls the fake until `predicate` holds for what `key` received. */
export async function receivedUntil(key: string, predicate: (r: FakeRequest[]) => boolean, ms = 10_000): Promise<FakeRequest[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await received(key);
    if (predicate(r)) return r;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting on ${key}; got ${JSON.stringify(r.map((x) => [x.status, x.body.slice(0, 80)]))}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** Requests the fake answered with success. */
export function answeredOk(r: FakeRequest[]): FakeRequest[] {
  return r.filter((x) => x.status === 200);
}

let updateSeq = 1000;
/** A random chat id per test keeps parallel test files apart at the fake. */
export function newChatId(): number {
  return 100_000_000 + Math.floor(Math.random() * 800_000_000);
}

export interface BotReply {
  status: number;
  body: { method?: string; chat_id?: number; text?: string; parse_mode?: string; error?: { code: string } } | null;
}

/** Sends the webhook a Telegram text message from `chatId`, as Telegram would. */
export async function tell(
  chatId: number,
  text: string,
  opts: { lang?: string; secret?: string | null; updateId?: number } = {},
): Promise<BotReply> {
  const update = {
    update_id: opts.updateId ?? ++updateSeq,
    message: {
      message_id: updateSeq,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private" },
      from: { id: chatId, is_bot: false, first_name: "T", language_code: opts.lang ?? "en" },
      text,
    },
  };
  const headers: Record<string, string> = { "content-type": "application/json" };
  const secret = opts.secret === undefined ? WEBHOOK_SECRET : opts.secret;
  if (secret !== null) headers["x-telegram-bot-api-secret-token"] = secret;
  const res = await api("/telegram/webhook", { method: "POST", headers, body: JSON.stringify(update) });
  const raw = await res.text();
  return { status: res.status, body: raw ? JSON.parse(raw) : null };
}

export interface SendMessageBody {
  chat_id: number;
  text: string;
  parse_mode: string;
}

export function sendMessageBody(r: FakeRequest): SendMessageBody {
  return JSON.parse(r.body) as SendMessageBody;
}
