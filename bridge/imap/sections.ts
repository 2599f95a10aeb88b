// BODY[section] of RFC 3501 §6.4.5 over the raw message: part numbers walk
// wasm-parser's layout (into nested messages too), and every answer is a byte
// range of the raw message, or built only from its own header lines.
import { type HeaderField, headerFields, type MimeStructure } from "../mime.ts";
import { BadCommand } from "./sequence-set.ts";

export interface Section {
  path: number[];
  /** "" = the whole part (or message) */
  specifier: "" | "HEADER" | "HEADER.FIELDS" | "HEADER.FIELDS.NOT" | "TEXT" | "MIME";
  fields: string[];
}

interface ParsedNode {
  type?: string;
  value?: unknown;
}

/** The section of a parsed BODY[...] item (emailjs-imap-handler's shape). */
export function readSection(section: unknown[]): Section {
  const [head, list] = section as [ParsedNode | undefined, ParsedNode[] | undefined];
  const text = String(head?.value ?? "").toUpperCase();
  const pieces = text === "" ? [] : text.split(".");
  const path: number[] = [];
  while (pieces.length && /^\d+$/.test(pieces[0])) {
    const n = Number(pieces.shift());
    if (n < 1) throw new BadCommand("Part numbers start at 1.");
    path.push(n);
  }
  const specifier = pieces.join(".");
  if (!["", "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME"].includes(specifier)) {
    throw new BadCommand(`Unknown section ${text.slice(0, 40)}.`);
  }
  if (specifier === "MIME" && path.length === 0) throw new BadCommand("MIME needs a part number.");
  const wantsFields = specifier.startsWith("HEADER.FIELDS");
  if (wantsFields !== Array.isArray(list)) throw new BadCommand("HEADER.FIELDS takes a list of field names.");
  const fields = wantsFields ? (list as ParsedNode[]).map((n) => String(n?.value ?? "").toLowerCase()) : [];
  return { path, specifier: specifier as Section["specifier"], fields };
}

/** The parts numbered under `node` (a non-multipart message's body is its part 1). */
function childrenOf(node: MimeStructure, isMessage: boolean): MimeStructure[] {
  if (node.parts.length) return node.parts;
  if (isMessage) return [node];
  if (node.message) return childrenOf(node.message, true);
  return [];
}

/** The bytes of a section, or null when the message has no such part (answered as NIL). */
export function sectionBytes(raw: Buffer, root: MimeStructure, section: Section): Buffer | null {
  let node = root;
  let isMessage = true;
  for (const n of section.path) {
    const next = childrenOf(node, isMessage)[n - 1];
    if (!next) return null;
    node = next;
    isMessage = false;
  }
  const { specifier } = section;
  if (specifier === "") return section.path.length ? raw.subarray(node.bodyStart, node.bodyEnd) : raw;
  if (specifier === "MIME") return raw.subarray(node.start, node.bodyStart);
  // HEADER and TEXT of a part are those of the message it carries.
  const message = section.path.length ? node.message : node;
  if (!message) return null;
  if (specifier === "TEXT") return raw.subarray(message.bodyStart, message.bodyEnd);
  const header = raw.subarray(message.start, message.bodyStart);
  if (specifier === "HEADER") return header;
  const wanted = new Set(section.fields);
  const keep = (f: HeaderField) => wanted.has(f.name) === (specifier === "HEADER.FIELDS");
  return Buffer.concat([
    ...headerFields(header)
      .filter(keep)
      .map((f) => f.raw),
    Buffer.from("\r\n"),
  ]);
}

/** A partial fetch <origin.count>: the bytes from origin, at most count. */
export function partial(bytes: Buffer, range: number[] | undefined): Buffer {
  if (!range) return bytes;
  const [origin, count] = range;
  return bytes.subarray(origin, count === undefined ? undefined : origin + count);
}
