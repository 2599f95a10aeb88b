// The original under a reply ("On …, … wrote:" and "> " lines; a blockquote in HTML) and
// under an inline forward (the "Forwarded message" block with its headers).
import type { MailAddress, ParsedMail } from "../contract/parsed-mail";
import { htmlText } from "./html-text";

/** The most text of an HTML-only original a reply quotes. */
const QUOTE_TEXT_MAX = 1_000_000;

export interface Bodies {
  text: string | null;
  html: string | null;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function who(a: MailAddress | null): string {
  if (!a) return "(unknown sender)";
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/** The original's date as people read it in a quote, in UTC (the sender's own zone is not kept). */
function spokenDate(iso: string | null): string | null {
  const when = iso ? new Date(iso) : null;
  if (!when || Number.isNaN(when.getTime())) return iso;
  return when.toUTCString().replace(/:\d\d GMT$/, " UTC"); // Wed, 25 Nov 2026 10:00 UTC
}

function textOf(mail: ParsedMail): string {
  return mail.text ?? (mail.html ? htmlText(mail.html, QUOTE_TEXT_MAX).text : "");
}

/** The user's text as HTML, when the original has HTML but the reply was written as text. */
function textAsHtml(text: string): string {
  return `<div style="white-space:pre-wrap">${escapeHtml(text)}</div>`;
}

export function quoteForReply(text: string | null, html: string | null, mail: ParsedMail): Bodies {
  const intro = `On ${spokenDate(mail.date) ?? "an earlier date"}, ${who(mail.from)} wrote:`;
  const quoted = textOf(mail)
    .replace(/\r\n/g, "\n")
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line.startsWith(">") ? `>${line}` : `> ${line}`))
    .join("\n");
  const outText = `${text ?? ""}\n\n${intro}\n${quoted}\n`;
  if (html === null && mail.html === null) return { text: outText, html: null };
  const originalHtml = mail.html ?? textAsHtml(textOf(mail));
  const outHtml =
    `${html ?? textAsHtml(text ?? "")}<br><div>${escapeHtml(intro)}</div>` +
    `<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${originalHtml}</blockquote>`;
  return { text: outText, html: outHtml };
}

export function quoteForForward(text: string | null, html: string | null, mail: ParsedMail): Bodies {
  const head = [
    "---------- Forwarded message ----------",
    `From: ${who(mail.from)}`,
    `Date: ${spokenDate(mail.date) ?? ""}`,
    `Subject: ${mail.subject ?? ""}`,
    `To: ${mail.to.map(who).join(", ")}`,
  ];
  const outText = `${text ?? ""}\n\n${head.join("\n")}\n\n${textOf(mail)}`;
  if (html === null && mail.html === null) return { text: outText, html: null };
  const originalHtml = mail.html ?? textAsHtml(textOf(mail));
  const outHtml = `${html ?? textAsHtml(text ?? "")}<br><div>${head.map(escapeHtml).join("<br>")}</div><br>${originalHtml}`;
  return { text: outText, html: outHtml };
}
