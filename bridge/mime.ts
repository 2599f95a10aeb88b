// The MIME side of the bridge: wasm-parser's raw layout of a message, and its
// header fields exactly as they were written (for HEADER.FIELDS and ENVELOPE).

import type { MimeStructure } from "../wasm-parser/mime-structure.ts";
import { loadWasmParser } from "../wasm-parser/scripts/load-node.ts";

export type { MimeStructure };

const parser = loadWasmParser();

/** The layout of a raw message; past wasm-parser's limits, one text part with the header up to the first blank line. */
export function structureOf(raw: Uint8Array): MimeStructure {
  try {
    return parser.structure(raw);
  } catch {
    const blank = Buffer.from(raw).indexOf("\r\n\r\n");
    const bodyStart = blank < 0 ? raw.length : blank + 4;
    return {
      start: 0,
      bodyStart,
      bodyEnd: raw.length,
      contentType: { value: "text/plain", params: {} },
      disposition: { value: "", params: {} },
      parts: [],
      message: null,
    };
  }
}

export interface HeaderField {
  /** lower-cased */
  name: string;
  /** the field's lines as written, folding and line breaks included */
  raw: Buffer;
  /** the value unfolded, as bytes read one to a character (latin1), trimmed */
  value: string;
}

/** The fields of a header block (the blank line that ends it, if inside, is not a field). */
export function headerFields(block: Buffer): HeaderField[] {
  const fields: HeaderField[] = [];
  let at = 0;
  while (at < block.length) {
    let end = at;
    // one field: its first line and every line after it that starts with a space or tab
    do {
      const lf = block.indexOf(0x0a, end);
      end = lf < 0 ? block.length : lf + 1;
    } while (end < block.length && (block[end] === 0x20 || block[end] === 0x09));
    const raw = block.subarray(at, end);
    at = end;
    const text = raw.toString("latin1");
    const colon = text.indexOf(":");
    if (colon <= 0 || text.trim() === "") continue;
    fields.push({
      name: text.slice(0, colon).trim().toLowerCase(),
      raw,
      value: text
        .slice(colon + 1)
        .replace(/\r?\n/g, "")
        .trim(),
    });
  }
  return fields;
}

/** The first value of a field, or null. */
export function fieldValue(fields: HeaderField[], name: string): string | null {
  return fields.find((f) => f.name === name)?.value ?? null;
}
