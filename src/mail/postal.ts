// postal-mime adapter: the reference parser, and the fallback when the
// WASM parser gives up. Maps postal-mime's Email onto our ParsedMail.
import PostalMime, { type Address, type Email } from "postal-mime";
import type { MailAddress, ParsedAttachment, ParsedMail } from "../contract/parsed-mail";

function flatten(list: Address[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of list ?? []) {
    if (a.group) for (const m of a.group) out.push({ name: m.name ?? "", address: m.address ?? "" });
    else out.push({ name: a.name ?? "", address: a.address ?? "" });
  }
  return out;
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function fromPostalMime(email: Email): ParsedMail {
  return {
    headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
    subject: email.subject ?? null,
    from: flatten(email.from ? [email.from] : [])[0] ?? null,
    sender: flatten(email.sender ? [email.sender] : [])[0] ?? null,
    replyTo: flatten(email.replyTo),
    to: flatten(email.to),
    cc: flatten(email.cc),
    bcc: flatten(email.bcc),
    date: isoDate(email.date),
    messageId: email.messageId ?? null,
    inReplyTo: email.inReplyTo ?? null,
    references: email.references ?? null,
    text: email.text ?? null,
    html: email.html ?? null,
    attachments: email.attachments.map(
      (a): ParsedAttachment => ({
        filename: a.filename,
        contentType: a.mimeType,
        disposition: a.disposition === "attachment" ? "attachment" : a.disposition === "inline" ? "inline" : null,
        contentId: a.contentId ?? null,
        content:
          typeof a.content === "string"
            ? new TextEncoder().encode(a.content)
            : a.content instanceof Uint8Array
              ? a.content
              : new Uint8Array(a.content),
      }),
    ),
    parser: "postal-mime",
    warnings: [],
  };
}

export async function parseWithPostalMime(raw: Uint8Array): Promise<ParsedMail> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  return fromPostalMime(email);
}
