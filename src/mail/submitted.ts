// A whole RFC 822 message submitted for sending (POST …/send/raw, the SMTP bridge's path):
// line ends made CRLF, Bcc and Received fields taken out of the header (they never leave, and
// the Email Service refuses Received), a Message-ID and Date added when missing.
import { addressParser } from "postal-mime";

const latin1 = new TextDecoder("latin1");

/** Every line ends in CRLF (a bare LF or CR becomes CRLF). */
export function crlf(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) extra++;
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) extra++;
  }
  if (extra === 0) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) out[at++] = 0x0d;
    out[at++] = b;
    if (b === 0x0d && bytes[i + 1] !== 0x0a) out[at++] = 0x0a;
  }
  return out;
}

function headerEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a && bytes[i + 2] === 0x0d && bytes[i + 3] === 0x0a) return i + 2;
  }
  return -1;
}

/** The header block split into fields, each with its continuation lines; null when it is not a header. */
function fieldsOf(head: string): string[] | null {
  const lines = head.split("\r\n").filter((l, i, all) => i < all.length - 1 || l !== "");
  const fields: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += `\r\n${line}`;
    else if (/^[\x21-\x39\x3b-\x7e]+:/.test(line)) fields.push(line);
    else return null;
  }
  return fields;
}

/**
 * The message as it is stored and sent, and who it says wrote it (read from the same header);
 * null when the bytes have no header block a mail system would take.
 */
export function prepareSubmission(input: Uint8Array, domain: string, now: Date): { raw: Uint8Array; authors: Authors } | null {
  const bytes = crlf(input);
  const end = headerEnd(bytes);
  if (end < 0) return null;
  const head = latin1.decode(bytes.subarray(0, end));
  const fields = fieldsOf(head);
  if (!fields || fields.length === 0) return null;
  const named = fields.map((f) => ({ name: f.slice(0, f.indexOf(":")).toLowerCase(), raw: f }));
  const kept = named.filter((f) => f.name !== "bcc" && f.name !== "received" && f.name !== "resent-bcc");
  const extra: string[] = [];
  if (!named.some((f) => f.name === "message-id")) extra.push(`Message-ID: <${crypto.randomUUID()}@${domain}>`);
  if (!named.some((f) => f.name === "date")) extra.push(`Date: ${now.toUTCString().replace("GMT", "+0000")}`);
  const newHead = [...extra, ...kept.map((f) => f.raw)].join("\r\n");
  let body = bytes.subarray(end);
  // Ends with a line break, as SMTP's DATA will: what is stored is exactly what is sent.
  if (body.length < 2 || body[body.length - 2] !== 0x0d || body[body.length - 1] !== 0x0a) {
    const ended = new Uint8Array(body.length + 2);
    ended.set(body);
    ended.set([0x0d, 0x0a], body.length);
    body = ended;
  }
  const headBytes = Uint8Array.from(newHead, (c) => c.charCodeAt(0) & 0xff);
  const raw = new Uint8Array(headBytes.length + 2 + body.length);
  raw.set(headBytes, 0);
  raw.set([0x0d, 0x0a], headBytes.length);
  raw.set(body, headBytes.length + 2);
  return { raw, authors: authorsIn(named) };
}

/** The mailboxes of every From and Sender field, one list per field (groups opened), lower-cased. */
export interface Authors {
  from: string[][];
  sender: string[][];
}

function authorsIn(fields: { name: string; raw: string }[]): Authors {
  const out: Authors = { from: [], sender: [] };
  for (const f of fields) {
    if (f.name !== "from" && f.name !== "sender") continue;
    const value = f.raw.slice(f.raw.indexOf(":") + 1).replace(/\r\n/g, "");
    const mailboxes = addressParser(value).flatMap((a) => ("group" in a && a.group ? a.group : [a]));
    out[f.name].push(mailboxes.map((m) => (m.address ?? "").toLowerCase()));
  }
  return out;
}
