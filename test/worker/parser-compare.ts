// What the parity test compares between wasm-parser and postal-mime: every
// field of ParsedMail but the parser's name and warnings; bodies with
// whitespace normalised, attachments by name, type, size and SHA-256.
import type { ParsedMail } from "../../src/contract/parsed-mail";

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const squash = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();

export async function comparable(mail: ParsedMail): Promise<Record<string, unknown>> {
  return {
    headers: mail.headers,
    subject: mail.subject,
    from: mail.from,
    sender: mail.sender,
    replyTo: mail.replyTo,
    to: mail.to,
    cc: mail.cc,
    bcc: mail.bcc,
    date: mail.date,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    text: squash(mail.text),
    html: squash(mail.html),
    attachments: await Promise.all(
      mail.attachments.map(async (a) => ({
        filename: a.filename,
        contentType: a.contentType,
        disposition: a.disposition,
        contentId: a.contentId,
        size: a.content.length,
        sha256: await sha256(a.content),
      })),
    ),
  };
}

/** Names of the fields where the two parses differ. */
export async function differingFields(a: ParsedMail, b: ParsedMail): Promise<string[]> {
  const [x, y] = [await comparable(a), await comparable(b)];
  return Object.keys(x).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}
