// Values for emailjs-imap-handler's compiler: every text is a "binary string"
// (one character per byte), so a response is written byte for byte. A string
// that cannot be a quoted string (8-bit, CR, LF, NUL) goes as a literal.
import handler from "emailjs-imap-handler";

export type ImapValue =
  | string
  | number
  | null
  | ImapValue[]
  | { type: "ATOM" | "LITERAL" | "SEQUENCE" | "TEXT"; value: string; section?: unknown[]; partial?: number[] };

export const atom = (value: string): ImapValue => ({ type: "ATOM", value });
export const literal = (bytes: Uint8Array): ImapValue => ({ type: "LITERAL", value: Buffer.from(bytes).toString("latin1") });

/** A string (or NIL): quoted when it can be, else a literal of the same bytes. */
export function str(value: string | null | undefined): ImapValue {
  if (value === null || value === undefined) return null;
  // JSON.stringify escapes exactly what a quoted string escapes (" and \) only for printable ASCII
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return { type: "LITERAL", value };
}

/** A JavaScript (UTF-16) string as its UTF-8 bytes, one character per byte. */
export function utf8Binary(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** An untagged response line (or lines, with literals) as bytes. */
export function untagged(attributes: ImapValue[]): Buffer {
  return Buffer.from(`${handler.compiler({ tag: "*", attributes: attributes.map(writable) })}\r\n`, "latin1");
}

/**
 * The compiler writes no space after an empty list ("FLAGS ()UID 1") or after an empty literal,
 * so neither reaches it: "()" goes as text, an empty literal as the empty quoted string.
 */
function writable(v: ImapValue): ImapValue {
  if (Array.isArray(v)) return v.length === 0 ? { type: "TEXT", value: "()" } : v.map(writable);
  if (v !== null && typeof v === "object" && v.type === "LITERAL" && v.value === "") return "";
  return v;
}

/** The parsed command of a line, as emailjs-imap-handler reads it. */
export interface ParsedCommand {
  tag: string;
  command: string;
  attributes?: ParsedAttribute[];
}

export type ParsedAttribute =
  | { type: "ATOM" | "STRING" | "LITERAL" | "SEQUENCE" | "TEXT"; value: string; section?: unknown[]; partial?: number[] }
  | ParsedAttribute[]
  | null;

export function parseCommand(bytes: Uint8Array): ParsedCommand {
  try {
    return handler.parser(bytes) as ParsedCommand;
  } catch (err) {
    // The parser takes * and % in LIST's pattern only standing alone, where RFC 3501's list-mailbox
    // also has them inside a word (INBOX*, %/%): such a pattern is read as if it were quoted.
    const line = Buffer.from(bytes).toString("latin1");
    // Nor does it read a SASL mechanism's name with a dash (CRAM-MD5, SCRAM-SHA-1), which must be
    // refused as unsupported rather than as unreadable.
    const sasl = /^(\S+) AUTHENTICATE ([A-Za-z0-9_-]+)(?: (\S+))?$/i.exec(line);
    if (sasl) return { tag: sasl[1], command: `AUTHENTICATE ${sasl[2]}`, attributes: sasl[3] ? [{ type: "ATOM", value: sasl[3] }] : [] };
    const listing = /^(\S+ (?:LIST|LSUB) (?:"(?:[^"\\]|\\.)*"|[^\s"]+) )([^\s"\\(){}]*[*%][^\s"\\(){}]*)$/i.exec(line);
    if (!listing) throw err;
    return handler.parser(Buffer.from(`${listing[1]}"${listing[2]}"`, "latin1")) as ParsedCommand;
  }
}

/** An attribute's text (one character per byte), or "". */
export function attributeText(node: ParsedAttribute | undefined): string {
  return node && !Array.isArray(node) ? node.value : "";
}

/** An attribute's bytes read as UTF-8 (user names, passwords). */
export function attributeUtf8(node: ParsedAttribute | undefined): string {
  return Buffer.from(attributeText(node), "latin1").toString("utf8");
}
