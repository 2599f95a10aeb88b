// postal-mime's rules for turning a part tree into an Email: which parts are
// body text and which attachments (collectNode), how alternatives and nested
// messages are joined (renderTextContent), and the header fields
// (buildMessage). Ported from postal-mime.ts so that wasm-parser selects and
// concatenates exactly as the reference does.
import type { Address, Attachment, Email, Header } from "postal-mime";
import addressParser from "./vendor/address-parser";
import { formatHtmlHeader, formatTextHeader, htmlToText, textToHtml } from "./vendor/text-format";
import { getDecoder } from "./charsets";
import { decodeWords, type StructuredHeader } from "./decode-strings";

/** One MIME part as read back from wasm memory. */
export interface PartNode {
  parent: PartNode | null;
  children: PartNode[];
  headers: Header[];
  contentType: { value: string; params: Record<string, string>; multipart: string | false };
  contentDisposition: StructuredHeader;
  contentId?: string;
  contentDescription?: string;
  /** decoded body: offset and length in wasm memory */
  content: number;
  contentLength: number;
}

export interface AssemblyOptions {
  maxMessageDepth: number;
}

/** What the assembly needs from the engine: body bytes and nested parses. */
export interface PartSource {
  bytes(node: PartNode): Uint8Array;
  subMessage(node: PartNode, rfc822Depth: number, opts: AssemblyOptions): Email & { textMap: Map<PartNode, TextEntry> };
}

export type TextType = "plain" | "html";
export type TextEntryItem = { type: "text"; value: string } | { type: "subMessage"; value: Email };
export type TextEntry = Partial<Record<TextType, TextEntryItem[]>>;

const textEncoder = new TextEncoder();

function renderEntry(entry: TextEntryItem, textType: TextType, convert: boolean): string {
  if (entry.type === "subMessage") return textType === "html" ? formatHtmlHeader(entry.value) : formatTextHeader(entry.value);
  if (!convert) return entry.value;
  return textType === "html" ? textToHtml(entry.value) : htmlToText(entry.value);
}

/** postal-mime's collectNode / renderTextContent / buildMessage over a read tree. */
export class MessageAssembly {
  textMap = new Map<PartNode, TextEntry>();
  private textTypes = new Set<TextType>();
  private attachments: Attachment[] = [];
  private forceRfc822Attachments = false;

  constructor(
    private parser: PartSource,
    private root: PartNode,
    private rfc822Depth: number,
    private opts: AssemblyOptions,
  ) {}

  build(): Email {
    this.forceRfc822Attachments = this.hasReportParts(this.root);
    this.collectNode(this.root, false, false);
    const text = this.renderTextContent();
    return this.buildMessage(text);
  }

  private hasReportParts(node: PartNode): boolean {
    if (!node.contentType.multipart) {
      const v = node.contentType.value;
      if (v === "message/delivery-status" || v === "message/feedback-report") return true;
    }
    return node.children.some((c) => this.hasReportParts(c));
  }

  private textContent(node: PartNode): string {
    const params = node.contentType.params;
    let str = getDecoder(params.charset).decode(this.parser.bytes(node));
    if (/^flowed$/i.test(params.format)) str = decodeFlowedText(str, /^yes$/i.test(params.delsp));
    return str;
  }

  private addTextEntry(selector: PartNode, textType: TextType, item: TextEntryItem): void {
    let entry = this.textMap.get(selector);
    if (!entry) this.textMap.set(selector, (entry = {}));
    (entry[textType] ||= []).push(item);
    this.textTypes.add(textType);
  }

  private isInlineMessageRfc822(node: PartNode): boolean {
    if (this.forceRfc822Attachments || node.contentType.value !== "message/rfc822") return false;
    return (node.contentDisposition.value || "inline") === "inline";
  }

  private collectNode(node: PartNode, alternative: PartNode | false, related: boolean): void {
    if (!node.contentType.multipart) {
      const inlineRfc822 = this.isInlineMessageRfc822(node);
      const depthExceeded = inlineRfc822 && this.rfc822Depth >= this.opts.maxMessageDepth;
      if (inlineRfc822 && !depthExceeded) {
        this.collectSubMessage(node);
      } else if (node.contentDisposition.value !== "attachment" && (node.contentType.value === "text/html" || node.contentType.value === "text/plain")) {
        const textType: TextType = node.contentType.value === "text/html" ? "html" : "plain";
        this.addTextEntry(alternative || node, textType, { type: "text", value: this.textContent(node) });
      } else {
        this.collectAttachment(node, related, depthExceeded);
      }
    } else if (node.contentType.multipart === "alternative") {
      alternative = node;
    } else if (node.contentType.multipart === "related") {
      related = true;
    }
    for (const child of node.children) this.collectNode(child, alternative, related);
  }

  private collectSubMessage(node: PartNode): void {
    const sub = this.parser.subMessage(node, this.rfc822Depth + 1, this.opts);
    if (sub.text || !sub.html) this.addTextEntry(node, "plain", { type: "subMessage", value: sub });
    if (sub.html) this.addTextEntry(node, "html", { type: "subMessage", value: sub });
    sub.textMap.forEach((entry, key) => this.textMap.set(key, entry));
    for (const a of sub.attachments) this.attachments.push(a);
  }

  private collectAttachment(node: PartNode, related: boolean, depthExceeded: boolean): void {
    const filename = node.contentDisposition.params.filename || node.contentType.params.name || null;
    const attachment = {
      filename: filename ? decodeWords(filename) : null,
      mimeType: node.contentType.value,
      disposition: node.contentDisposition.value || null,
    } as Attachment;
    if (related && node.contentId && !depthExceeded) attachment.related = true;
    if (node.contentId) attachment.contentId = node.contentId;
    if (node.contentType.value === "text/calendar" || node.contentType.value === "application/ics") {
      if (node.contentType.params.method) attachment.method = node.contentType.params.method.toString().toUpperCase().trim();
      const text = this.textContent(node).replace(/\r?\n/g, "\n");
      let end = text.length;
      while (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
      attachment.content = textEncoder.encode(text.slice(0, end) + "\n").buffer as ArrayBuffer;
    } else {
      // copied out: the wasm arena is reused by the next parse
      attachment.content = this.parser.bytes(node).slice().buffer as ArrayBuffer;
    }
    this.attachments.push(attachment);
  }

  private renderTextContent(): Record<string, string> {
    const parts: Record<string, string[]> = {};
    this.textMap.forEach((entry) => {
      this.textTypes.forEach((textType) => {
        const output = (parts[textType] ||= []);
        const own = entry[textType];
        const entries = own || entry[textType === "html" ? "plain" : "html"] || [];
        for (const e of entries) output.push(renderEntry(e, textType, !own));
      });
    });
    const out: Record<string, string> = {};
    for (const t of Object.keys(parts)) out[t] = parts[t].join("\n");
    return out;
  }

  private buildMessage(text: Record<string, string>): Email {
    const headers = this.root.headers;
    const message = { headers: headers.map((h) => ({ key: h.key, originalKey: h.originalKey, value: h.value })) } as Email;
    for (const key of ["from", "sender"] as const) {
      const h = headers.find((line) => line.key === key);
      if (h && h.value) {
        const addresses = addressParser(h.value);
        if (addresses && addresses.length) message[key] = addresses[0];
      }
    }
    for (const [key, camel] of [["to", "to"], ["cc", "cc"], ["bcc", "bcc"], ["reply-to", "replyTo"]] as const) {
      const addresses: Address[] = [];
      for (const h of headers) if (h.key === key && h.value) for (const a of addressParser(h.value)) addresses.push(a);
      if (addresses.length) message[camel] = addresses;
    }
    for (const [key, camel] of [["subject", "subject"], ["message-id", "messageId"], ["in-reply-to", "inReplyTo"], ["references", "references"]] as const) {
      const h = headers.find((line) => line.key === key);
      if (h && h.value) message[camel] = decodeWords(h.value);
    }
    const dateHeader = headers.find((line) => line.key === "date");
    if (dateHeader) {
      const date = new Date(dateHeader.value);
      message.date = date.toString() === "Invalid Date" ? dateHeader.value : date.toISOString();
    }
    if (text.html) message.html = text.html;
    if (text.plain) message.text = text.plain;
    message.attachments = this.attachments;
    return message;
  }
}

/** RFC 3676 format=flowed, as postal-mime's MimeNode.decodeFlowedText. */
export function decodeFlowedText(str: string, delSp: boolean): string {
  const parts: string[] = [];
  let lineStart = 0;
  let lineLength = 0;
  const lines = str.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.charAt(0) === " ") line = line.slice(1);
    if (i) {
      const last = parts.length ? parts[parts.length - 1] : "";
      const isSignature = lineLength === 3 && parts.slice(lineStart).join("") === "-- ";
      if (last.endsWith(" ") && !isSignature) {
        if (delSp) {
          if (last.length > 1) parts[parts.length - 1] = last.slice(0, -1);
          else parts.pop();
          lineLength--;
        }
      } else {
        parts.push("\n");
        lineStart = parts.length;
        lineLength = 0;
      }
    }
    if (line) {
      parts.push(line);
      lineLength += line.length;
    }
  }
  return parts.join("");
}
