// ParsedMail from the part tree of one message. Each leaf part is body text
// (text/plain or text/html not marked as an attachment), an inline nested
// message (message/rfc822, parsed in turn and shown as its header block plus
// its own body), or an attachment. The header fields come from the top-level
// headers. The choices are postal-mime's, so that either parser gives the same
// mail; parity over the corpus checks it.
import { type Address, addressParser } from "postal-mime";
import type { MailAddress, ParsedAttachment, ParsedHeader, ParsedMail } from "../src/contract/parsed-mail";
import { BodyText } from "./body-text";
import { getDecoder } from "./charsets";
import { unflowText } from "./flowed-text";
import type { NestedHeaders } from "./header-block";
import type { LeafPart, PartTree } from "./part-tree";

/** What the assembly needs from the engine. */
export interface PartSource {
  /** the decoded body of a leaf, a view into wasm memory */
  body(part: LeafPart): Uint8Array;
  /** RFC 2047 encoded words of a header value, decoded */
  words(value: string): string;
  /** the part tree of a message/rfc822 leaf */
  nested(part: LeafPart): PartTree;
}

interface MessageContent {
  body: BodyText;
  attachments: ParsedAttachment[];
}

const REPORT_TYPES = new Set(["message/delivery-status", "message/feedback-report"]);
const CALENDAR_TYPES = new Set(["text/calendar", "application/ics"]);

class Assembly {
  constructor(
    private readonly source: PartSource,
    private readonly maxMessageDepth: number,
  ) {}

  private text(part: LeafPart): string {
    const params = part.contentType.params;
    const text = getDecoder(params.charset).decode(this.source.body(part));
    return /^flowed$/i.test(params.format ?? "") ? unflowText(text, /^yes$/i.test(params.delsp ?? "")) : text;
  }

  private attachment(part: LeafPart): ParsedAttachment {
    const name = part.disposition.params.filename || part.contentType.params.name;
    const disposition = part.disposition.value;
    let content: Uint8Array;
    if (CALENDAR_TYPES.has(part.contentType.value)) {
      // calendar data as UTF-8 with LF line ends and exactly one final newline
      const lines = this.text(part).replace(/\r?\n/g, "\n");
      let end = lines.length;
      while (end > 0 && lines.charCodeAt(end - 1) === 0x0a) end--;
      content = new TextEncoder().encode(`${lines.slice(0, end)}\n`);
    } else {
      // copied out: the wasm arena is reused by the next parse
      content = this.source.body(part).slice();
    }
    return {
      filename: name ? this.source.words(name) : null,
      contentType: part.contentType.value,
      disposition: disposition === "attachment" || disposition === "inline" ? disposition : null,
      contentId: part.contentId,
      content,
    };
  }

  /** Sorts the leaves of one message (nested ones `depth` levels down) into body and attachments. */
  collect(tree: PartTree, depth: number): MessageContent {
    const content: MessageContent = { body: new BodyText(), attachments: [] };
    // a delivery or feedback report carries the original as evidence: keep it an attachment
    const isReport = tree.leaves.some((part) => REPORT_TYPES.has(part.contentType.value));
    for (const part of tree.leaves) {
      const type = part.contentType.value;
      const disposition = part.disposition.value;
      if (type === "message/rfc822" && !isReport && (disposition || "inline") === "inline" && depth < this.maxMessageDepth) {
        this.embed(part, depth, content);
      } else if ((type === "text/plain" || type === "text/html") && disposition !== "attachment") {
        content.body.add(part.textGroup, type === "text/html" ? "html" : "plain", { text: this.text(part) });
      } else {
        content.attachments.push(this.attachment(part));
      }
    }
    return content;
  }

  /** An inline nested message: its header block, then its own body groups and attachments. */
  private embed(part: LeafPart, depth: number, into: MessageContent): void {
    const tree = this.source.nested(part);
    const inner = this.collect(tree, depth + 1);
    const headers = this.nestedHeaders(tree.headers);
    const html = inner.body.render("html");
    if (inner.body.render("plain") || !html) into.body.add(part.id, "plain", { nested: headers });
    if (html) into.body.add(part.id, "html", { nested: headers });
    into.body.adopt(inner.body);
    into.attachments.push(...inner.attachments);
  }

  private nestedHeaders(headers: ParsedHeader[]): NestedHeaders {
    const date = first(headers, "date");
    return {
      from: this.addresses(headers, "from", true)[0],
      subject: this.decoded(headers, "subject") ?? undefined,
      date: date === undefined ? undefined : Number.isNaN(Date.parse(date)) ? date : new Date(date).toISOString(),
      to: this.addresses(headers, "to"),
      cc: this.addresses(headers, "cc"),
      bcc: this.addresses(headers, "bcc"),
    };
  }

  /** The addresses of every `key` header, or of the first one only. */
  addresses(headers: ParsedHeader[], key: string, firstOnly = false): Address[] {
    const out: Address[] = [];
    for (const header of headers) {
      if (header.key !== key) continue;
      if (header.value) out.push(...addressParser(header.value));
      if (firstOnly) break;
    }
    return out;
  }

  /** The first `key` header with its encoded words decoded, or null when absent or empty. */
  decoded(headers: ParsedHeader[], key: string): string | null {
    const value = first(headers, key);
    return value ? this.source.words(value) : null;
  }
}

function first(headers: ParsedHeader[], key: string): string | undefined {
  return headers.find((header) => header.key === key)?.value;
}

/** Group members in place of their group. */
function mailboxes(list: Address[]): MailAddress[] {
  const out: MailAddress[] = [];
  for (const item of list) {
    if (item.group) for (const member of item.group) out.push({ name: member.name ?? "", address: member.address ?? "" });
    else out.push({ name: item.name ?? "", address: item.address ?? "" });
  }
  return out;
}

/** The top-level message as ParsedMail (parser and warnings filled in by the engine). */
export function assembleMail(source: PartSource, tree: PartTree, maxMessageDepth: number): Omit<ParsedMail, "parser" | "warnings"> {
  const assembly = new Assembly(source, maxMessageDepth);
  const { body, attachments } = assembly.collect(tree, 0);
  const headers = tree.headers;
  const date = first(headers, "date");
  const time = date === undefined ? NaN : Date.parse(date);
  const list = (key: string) => mailboxes(assembly.addresses(headers, key));
  return {
    headers: headers.map(({ key, value }) => ({ key, value })),
    subject: assembly.decoded(headers, "subject"),
    from: mailboxes(assembly.addresses(headers, "from", true).slice(0, 1))[0] ?? null,
    sender: mailboxes(assembly.addresses(headers, "sender", true).slice(0, 1))[0] ?? null,
    replyTo: list("reply-to"),
    to: list("to"),
    cc: list("cc"),
    bcc: list("bcc"),
    date: Number.isNaN(time) ? null : new Date(time).toISOString(),
    messageId: assembly.decoded(headers, "message-id"),
    inReplyTo: assembly.decoded(headers, "in-reply-to"),
    references: assembly.decoded(headers, "references"),
    text: body.render("plain") || null,
    html: body.render("html") || null,
    attachments,
  };
}
