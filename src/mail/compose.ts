// The MIME of an outgoing message, built with mimetext from a checked Composition: From (the
// address, an optional name), To, Cc (never Bcc), Subject and names as encoded words,
// text/HTML as base64 parts, attachments, Message-ID on the address's domain, and for a reply
// or forward the original's threading headers, quote or message/rfc822 part.
import { createMimeMessage } from "mimetext/browser";
import type { ParsedMail } from "../contract/parsed-mail";
import { quoteForForward, quoteForReply } from "./quote";
import type { Composition } from "./send-request";

/** A stored message answered or passed on: its raw bytes and what a parser made of them. */
export interface Original {
  kind: "reply" | "forward";
  raw: Uint8Array;
  mail: ParsedMail;
}

export interface ComposedMessage {
  raw: Uint8Array;
  messageId: string;
  to: string[];
}

const utf8 = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  // Lines of 76, as RFC 2045 asks: no line of the message passes SMTP's 998.
  return btoa(binary).replace(/.{76}(?=.)/g, "$&\r\n");
}

/** Header text as RFC 2047 encoded words of at most 75 characters, folded one per line. */
export function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = "";
  for (const ch of text) {
    if (utf8.encode(chunk + ch).length > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${btoa(String.fromCharCode(...utf8.encode(w)))}?=`).join("\r\n ");
}

/** An attachment's file name: as it is in ASCII, otherwise one encoded word (what mail clients read). */
function fileName(name: string): string {
  return /^[\x20-\x7e]*$/.test(name) ? name : `=?UTF-8?B?${btoa(String.fromCharCode(...utf8.encode(name)))}?=`;
}

function prefixed(subject: string, prefix: "Re" | "Fwd"): string {
  const already = prefix === "Re" ? /^\s*re\s*:/i : /^\s*(fwd?|fw)\s*:/i;
  return already.test(subject) ? subject : `${prefix}: ${subject}`;
}

/** Threading headers of a reply (RFC 5322 §3.6.4): In-Reply-To the original, References its chain plus it. */
function threading(mail: ParsedMail): { inReplyTo: string; references: string } | null {
  if (!mail.messageId) return null;
  const id = mail.messageId.startsWith("<") ? mail.messageId : `<${mail.messageId}>`;
  const chain = (mail.references ?? mail.inReplyTo ?? "").match(/<[^<>\s]+>/g) ?? [];
  return { inReplyTo: id, references: [...chain.filter((r) => r !== id), id].join(" ") };
}

export function composeMessage(
  c: Composition,
  sender: { address: string; name: string | null },
  original: Original | null,
  messageId: string,
): ComposedMessage {
  const msg = createMimeMessage();
  msg.setSender(sender.name ? { name: sender.name, addr: sender.address } : { addr: sender.address });
  let to = c.to;
  if (original?.kind === "reply" && to.length === 0) {
    const back = original.mail.replyTo[0] ?? original.mail.from;
    if (back) to = [back.address];
  }
  if (to.length > 0) msg.setTo(to.map((addr) => ({ addr })));
  if (c.cc.length > 0) msg.setCc(c.cc.map((addr) => ({ addr })));
  msg.setHeader("Message-ID", messageId);

  let subject = c.subject;
  let text = c.text;
  let html = c.html;
  if (original?.kind === "reply") {
    subject = prefixed(subject || original.mail.subject || "", "Re");
    const thread = threading(original.mail);
    if (thread) {
      msg.setHeader("In-Reply-To", thread.inReplyTo);
      msg.setHeader("References", thread.references);
    }
    ({ text, html } = quoteForReply(text, html, original.mail));
  } else if (original?.kind === "forward") {
    subject = prefixed(subject || original.mail.subject || "", "Fwd");
    if (c.forwardAs === "inline") ({ text, html } = quoteForForward(text, html, original.mail));
  }
  // mimetext wants a body part; a message of attachments alone gets an empty text one.
  if (text === null && html === null) text = "";
  // mimetext writes Subject as one encoded word; a placeholder is swapped for folded ones below.
  const placeholder = `subject-${crypto.randomUUID()}`;
  msg.setSubject(placeholder);

  if (text !== null) msg.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64(utf8.encode(text)) });
  if (html !== null) msg.addMessage({ contentType: "text/html", charset: "UTF-8", encoding: "base64", data: base64(utf8.encode(html)) });
  for (const a of c.attachments) {
    msg.addAttachment({ filename: fileName(a.filename), contentType: a.contentType, data: base64(a.content) });
  }
  if (original?.kind === "forward" && c.forwardAs === "attachment") {
    // The original travels byte for byte; base64 keeps it so whatever its lines and bytes.
    msg.addAttachment({ filename: "forwarded-message.eml", contentType: "message/rfc822", data: base64(original.raw) });
  }
  const encodedPlaceholder = `=?utf-8?B?${btoa(placeholder)}?=`;
  let raw = msg.asRaw().replace(`Subject: ${encodedPlaceholder}`, `Subject: ${encodedWords(subject)}`);
  // Ends with a line break, as SMTP's DATA will: what is stored is exactly what is sent.
  if (!raw.endsWith("\r\n")) raw += "\r\n";
  return { raw: utf8.encode(raw), messageId, to };
}
