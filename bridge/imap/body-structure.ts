// BODYSTRUCTURE and BODY (RFC 3501 §7.4.2) from wasm-parser's raw layout:
// sizes and line counts are those of the raw bytes a client would fetch.
import { fieldValue, headerFields, type MimeStructure } from "../mime.ts";
import { envelope } from "./envelope.ts";
import { type ImapValue, str, utf8Binary } from "./values.ts";

function params(list: Record<string, string>): ImapValue {
  const out: ImapValue[] = [];
  for (const [key, value] of Object.entries(list)) out.push(str(utf8Binary(key)), str(utf8Binary(value)));
  return out.length ? out : null;
}

function lines(raw: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = raw.indexOf(0x0a, start); i >= 0 && i < end; i = raw.indexOf(0x0a, i + 1)) n++;
  return end > start && raw[end - 1] !== 0x0a ? n + 1 : n;
}

function disposition(part: MimeStructure): ImapValue {
  const value = part.disposition.value;
  if (!value) return null;
  return [str(value.toUpperCase()), params(part.disposition.params)];
}

/** One part's structure; `extended` adds what BODYSTRUCTURE has over BODY. */
export function bodyStructure(raw: Buffer, part: MimeStructure, extended: boolean): ImapValue {
  let [type, subtype = ""] = part.contentType.value.split("/");
  // A message/rfc822 body that is not the message's own bytes (base64, say) has no envelope to give.
  if (type === "message" && subtype === "rfc822" && !part.message) [type, subtype] = ["application", "octet-stream"];
  const fields = headerFields(raw.subarray(part.start, part.bodyStart));
  const language = fieldValue(fields, "content-language");
  const location = fieldValue(fields, "content-location");
  if (type === "multipart" && part.parts.length) {
    const out: ImapValue[] = part.parts.map((child) => bodyStructure(raw, child, extended));
    out.push(str(subtype.toUpperCase()));
    if (extended) out.push(params(part.contentType.params), disposition(part), str(language), str(location));
    return out;
  }
  const textual = type === "text" || type === "multipart";
  const typeParams = { ...part.contentType.params };
  if (textual && !typeParams.charset) typeParams.charset = "us-ascii";
  const out: ImapValue[] = [
    str(textual ? "TEXT" : type.toUpperCase() || "APPLICATION"),
    str(textual ? (type === "text" ? subtype : "plain").toUpperCase() : subtype.toUpperCase() || "OCTET-STREAM"),
    params(typeParams),
    str(fieldValue(fields, "content-id")),
    str(fieldValue(fields, "content-description")),
    str((fieldValue(fields, "content-transfer-encoding") ?? "7BIT").toUpperCase()),
    part.bodyEnd - part.bodyStart,
  ];
  if (part.message && type === "message" && subtype === "rfc822") {
    out.push(envelope(raw, part.message), bodyStructure(raw, part.message, extended), lines(raw, part.bodyStart, part.bodyEnd));
  } else if (textual) {
    out.push(lines(raw, part.bodyStart, part.bodyEnd));
  }
  if (extended) out.push(str(fieldValue(fields, "content-md5")), disposition(part), str(language), str(location));
  return out;
}
