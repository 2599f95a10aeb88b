// Notice: one new mail as the outside sees it (Telegram HTML, webhook JSON), rendered once at delivery into the outbox row.
import type { MessageSummary, WebhookDelivery } from "../../src/contract/wire";
import type { NotificationTargets } from "./notification-targets";
import type { Outbox } from "./outbox";

/** Telegram's HTML parse mode needs exactly these escaped (quotes for attributes). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** At most `max` characters, whole ones (an emoji is never split in two), on one line: a sender's line breaks become spaces. */
export function cut(s: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it replaces
  const chars = Array.from(s.replace(/[\u0000-\u001f\u007f]+/g, " "));
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : chars.join("");
}

/** The web inbox's hash route for one message: PUBLIC_URL/#/m/<address>/<id>. */
export function inboxLink(publicUrl: string, address: string, id: number): string {
  return `${publicUrl}/#/m/${encodeURIComponent(address)}/${id}`;
}

const LABELS = {
  en: {
    title: "New mail",
    from: "From:",
    subject: "Subject:",
    noSubject: "(no subject)",
    code: "Code:",
    codes: "Codes:",
    open: "Open in inbox",
    unparsed: "Could not be parsed; open it to see the raw message.",
  },
  zh: {
    title: "新邮件",
    from: "发件人：",
    subject: "主题：",
    noSubject: "（无主题）",
    code: "验证码：",
    codes: "验证码：",
    open: "在收件箱中打开",
    unparsed: "邮件无法解析，请打开查看原文。",
  },
} as const;

export type Lang = keyof typeof LABELS;

export function langOf(code: string | null | undefined): Lang {
  return code?.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export interface TelegramSendMessage {
  chat_id: number | string;
  text: string;
  parse_mode: "HTML";
  link_preview_options: { is_disabled: true };
}

/** Chat ids are integers up to 52 bits; Telegram also takes them as strings. */
export function chatIdValue(chatId: string): number | string {
  return /^-?\d{1,15}$/.test(chatId) ? Number(chatId) : chatId;
}

export function telegramNotice(chatId: string, lang: string, address: string, m: MessageSummary, publicUrl: string): TelegramSendMessage {
  const L = LABELS[langOf(lang)];
  const lines: string[] = [`📬 <b>${L.title}</b> → <code>${escapeHtml(address)}</code>`];
  if (m.from) {
    const who = m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address;
    lines.push(`<b>${L.from}</b> ${escapeHtml(cut(who, 200))}`);
  }
  lines.push(`<b>${L.subject}</b> ${m.subject ? escapeHtml(cut(m.subject, 200)) : L.noSubject}`);
  const codes = m.codes.slice(0, 5);
  if (codes.length > 0) {
    const shown = codes.map((c) => `<code>${escapeHtml(cut(c.value, 300))}</code>`);
    lines.push(`<b>${codes.length === 1 ? L.code : L.codes}</b> ${shown.join("  ")}`);
  }
  if (m.parseError) lines.push(`<i>${L.unparsed}</i>`);
  else if (m.snippet) lines.push("", escapeHtml(cut(m.snippet, 160)));
  lines.push("", `<a href="${escapeHtml(inboxLink(publicUrl, address, m.id))}">${L.open}</a>`);
  return {
    chat_id: chatIdValue(chatId),
    text: lines.join("\n"),
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
  };
}

export function webhookNotice(address: string, m: MessageSummary, publicUrl: string): WebhookDelivery {
  return { event: "message", address, message: m, url: inboxLink(publicUrl, address, m.id) };
}

/** One outbox row per bound chat and per webhook; call inside the delivery's transaction. */
export function enqueueNotices(
  outbox: Outbox,
  targets: NotificationTargets,
  address: string,
  m: MessageSummary,
  publicUrl: string,
  now: number,
): void {
  for (const chat of targets.telegramChats()) {
    outbox.enqueue(m.id, "telegram", chat.chatId, telegramNotice(chat.chatId, chat.lang, address, m, publicUrl), now);
  }
  for (const hook of targets.webhooks()) {
    outbox.enqueue(m.id, "webhook", hook.id, webhookNotice(address, m, publicUrl), now);
  }
}
