// The send route's JSON body checked field by field: every header value free of CR/LF and
// control characters, every address valid, at most SEND_MAX_RECIPIENTS of them, attachments
// that decode. What passes is a Composition the MIME builder can trust.
import type { Config } from "../contract/config";
import { ApiError } from "../http/errors";

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** A checked send request: the MIME builder's input. */
export interface Composition {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  attachments: OutgoingAttachment[];
  fromName: string | null;
  replyTo: number | null;
  forward: number | null;
  forwardAs: "attachment" | "inline";
}

const FIELDS = new Set(["to", "cc", "bcc", "subject", "text", "html", "attachments", "fromName", "replyTo", "forward", "forwardAs"]);
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a body may hold line breaks and tabs, no other control characters
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

/** A plain ASCII addr-spec (local@domain); display names and comments are not accepted here. */
export function isMailAddress(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0 || value.length > 254) return false;
  const local = value.slice(0, at);
  return local.length <= 64 && LOCAL_PART.test(local) && DOMAIN.test(value.slice(at + 1));
}

/** A header value: one line, no control characters. */
export function headerText(value: unknown, field: string, max: number): string {
  if (typeof value !== "string") throw new ApiError("bad_request", `${field} must be a string.`);
  if (CONTROL.test(value)) throw new ApiError("bad_request", `${field} may not contain line breaks or control characters.`);
  if (value.length > max) throw new ApiError("bad_request", `${field} is longer than ${max} characters.`);
  return value;
}

function addresses(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list)) throw new ApiError("bad_request", `${field} must be a list of addresses.`);
  return list.map((v, i) => {
    const address = headerText(v, `${field}[${i}]`, 254).trim();
    if (!isMailAddress(address)) throw new ApiError("bad_request", `${field}[${i}] is not a valid address: '${address}'.`);
    return address;
  });
}

function body(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ApiError("bad_request", `${field} must be a string.`);
  if (BODY_CONTROL.test(value)) throw new ApiError("bad_request", `${field} may not contain control characters.`);
  return value;
}

function messageRef(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new ApiError("bad_request", `${field} must be the id of a message in this mailbox.`);
  }
  return value;
}

function decodeBase64(value: string, field: string): Uint8Array {
  const clean = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new ApiError("bad_request", `${field} is not base64.`);
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function attachments(value: unknown): OutgoingAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ApiError("bad_request", "attachments must be a list.");
  if (value.length > 100) throw new ApiError("bad_request", "At most 100 attachments.");
  return value.map((a, i) => {
    if (typeof a !== "object" || a === null || Array.isArray(a)) throw new ApiError("bad_request", `attachments[${i}] must be an object.`);
    const { filename, contentType, content, ...rest } = a as Record<string, unknown>;
    for (const key of Object.keys(rest)) throw new ApiError("bad_request", `Unknown field 'attachments[${i}].${key}'.`);
    const name = headerText(filename, `attachments[${i}].filename`, 255).trim();
    if (!name || /["\\/]/.test(name)) throw new ApiError("bad_request", `attachments[${i}].filename may not be empty or hold " \\ or /.`);
    const type = headerText(contentType ?? "application/octet-stream", `attachments[${i}].contentType`, 255).trim();
    if (!MEDIA_TYPE.test(type)) throw new ApiError("bad_request", `attachments[${i}].contentType is not a media type (type/subtype).`);
    if (typeof content !== "string") throw new ApiError("bad_request", `attachments[${i}].content must be a base64 string.`);
    return { filename: name, contentType: type.toLowerCase(), content: decodeBase64(content, `attachments[${i}].content`) };
  });
}

export function readComposition(input: Record<string, unknown>, config: Config): Composition {
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) throw new ApiError("bad_request", `Unknown field '${key}'.`);
  const composition: Composition = {
    to: addresses(input.to, "to"),
    cc: addresses(input.cc, "cc"),
    bcc: addresses(input.bcc, "bcc"),
    subject: input.subject === undefined ? "" : headerText(input.subject, "subject", 998),
    text: body(input.text, "text"),
    html: body(input.html, "html"),
    attachments: attachments(input.attachments),
    fromName: input.fromName === undefined || input.fromName === "" ? null : headerText(input.fromName, "fromName", 200),
    replyTo: messageRef(input.replyTo, "replyTo"),
    forward: messageRef(input.forward, "forward"),
    forwardAs: input.forwardAs === undefined ? "attachment" : (input.forwardAs as Composition["forwardAs"]),
  };
  if (composition.forwardAs !== "attachment" && composition.forwardAs !== "inline") {
    throw new ApiError("bad_request", "forwardAs must be 'attachment' or 'inline'.");
  }
  if (composition.replyTo !== null && composition.forward !== null) throw new ApiError("bad_request", "Give replyTo or forward, not both.");
  if (composition.replyTo === null) checkRecipients([...composition.to, ...composition.cc, ...composition.bcc], config);
  const empty = composition.text === null && composition.html === null && composition.attachments.length === 0;
  if (empty && composition.forward === null) throw new ApiError("bad_request", "Nothing to send: give text, html, attachments or forward.");
  return composition;
}

/** Every envelope recipient, once each, within the limit. */
export function checkRecipients(all: string[], config: Config): string[] {
  const unique = [...new Map(all.map((a) => [a.toLowerCase(), a])).values()];
  if (unique.length === 0) throw new ApiError("bad_request", "Give at least one recipient (to, cc or bcc).");
  if (unique.length > config.sending.maxRecipients) {
    throw new ApiError("bad_request", `At most ${config.sending.maxRecipients} recipients per message (to, cc and bcc together).`);
  }
  return unique;
}
