// Charset labels to decoders. Follows postal-mime's getDecoder (WHATWG labels,
// then its alias and code-page tables), then goes further where workerd's
// TextDecoder stops: UTF-7 (decoded in wasm), DOS code pages, ASCII spellings
// outside WHATWG, and for a label nobody knows UTF-8 when the bytes are valid
// UTF-8, else windows-1252, with a warning. A charset never fails a message.
import { codePageTables } from "./code-pages";

export interface BytesDecoder {
  decode(bytes: Uint8Array): string;
}

/** Set by the parser for the duration of one parse. */
export const charsetContext: {
  warnings: string[] | null;
  utf7: ((bytes: Uint8Array) => string) | null;
} = { warnings: null, utf7: null };

const charsetAliases = new Map<string, string>([
  ["iso88598i", "iso-8859-8"],
  ["iso88598e", "iso-8859-8"],
  ["shiftjis", "shift_jis"],
  ["windows31j", "shift_jis"],
  ["mskanji", "shift_jis"],
  ["eucjp", "euc-jp"],
  ["iso2022jp", "iso-2022-jp"],
  ["iso2022jp1", "iso-2022-jp"],
  ["iso2022jp2", "iso-2022-jp"],
  ["junet", "iso-2022-jp"],
  ["euckr", "euc-kr"],
  ["uhc", "euc-kr"],
  ["tis620", "windows-874"],
]);

const codePageAliases = new Map<string, string>([
  ["932", "shift_jis"],
  ["936", "gbk"],
  ["949", "euc-kr"],
  ["950", "big5"],
  ["874", "windows-874"],
  ["51932", "euc-jp"],
  ["50220", "iso-2022-jp"],
  ["50221", "iso-2022-jp"],
  ["50222", "iso-2022-jp"],
]);

const codePagePattern = /^(?:cp|windows|ms|ibm)(\d+)$/;

function normalizeCharset(charset: string): string {
  return charset.replace(/^(?:x-ms-|x-|cs)/, "").replace(/[\s._-]+/g, "");
}

// TextDecoder takes exactly the WHATWG Encoding Standard's labels; only those
// it accepted are kept, so labels from hostile mail do not fill the map.
const decoders = new Map<string, TextDecoder>();

function tryDecoder(charset: string): TextDecoder | null {
  let decoder = decoders.get(charset);
  if (!decoder) {
    try {
      decoder = new TextDecoder(charset);
    } catch {
      return null; // not a label, or an encoding this runtime lacks
    }
    decoders.set(charset, decoder);
  }
  return decoder;
}
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const windows1252 = new TextDecoder("windows-1252");

// Labels outside WHATWG whose meaning is known (normalized form → target).
const asciiLabels = new Set(["ansix341968", "ansix341986", "iso646us", "us", "ascii7", "usascii", "646", "iso646irv1991"]);
const unknownLabels = new Set(["unknown", "unknown8bit", "none", "default", "8bit", "undefined", "null", "charset", "unknowncharset"]);

const utf7Decoder: BytesDecoder = {
  decode: (bytes) => (charsetContext.utf7 ? charsetContext.utf7(bytes) : windows1252.decode(bytes)),
};

function tableDecoder(table: string): BytesDecoder {
  return {
    decode(bytes) {
      let out = "";
      let runStart = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        if (b >= 0x80) {
          if (i > runStart) out += windows1252.decode(bytes.subarray(runStart, i));
          out += table[b - 0x80];
          runStart = i + 1;
        }
      }
      if (runStart < bytes.length) out += windows1252.decode(bytes.subarray(runStart));
      return out;
    },
  };
}
const tableDecoders = new Map<string, BytesDecoder>();

/** UTF-8 when the bytes are valid UTF-8, else windows-1252; says so when told to. */
function guessDecoder(label: string, warn: boolean): BytesDecoder {
  return {
    decode(bytes) {
      let text: string;
      let used: string;
      try {
        text = utf8Strict.decode(bytes);
        used = "utf-8";
      } catch {
        text = windows1252.decode(bytes);
        used = "windows-1252";
      }
      if (warn && charsetContext.warnings) {
        const note = `wasm-parser: unknown charset "${label}"; decoded as ${used}`;
        if (!charsetContext.warnings.includes(note)) charsetContext.warnings.push(note);
      }
      return text;
    },
  };
}

/** The decoder postal-mime would pick, or null where postal-mime falls back blindly. */
function referenceDecoder(charset: string): TextDecoder | null {
  const decoder = tryDecoder(charset);
  if (decoder) return decoder;
  const normalized = normalizeCharset(charset);
  const codePage = normalized.match(codePagePattern);
  const alias = (codePage && codePageAliases.get(codePage[1])) || charsetAliases.get(normalized) || normalized;
  return tryDecoder(alias);
}

export function getDecoder(charset?: string | null): BytesDecoder {
  const label = (charset || "utf8").trim().toLowerCase();
  const reference = referenceDecoder(label);
  if (reference) return reference;

  const normalized = normalizeCharset(label);
  if (normalized === "utf7" || normalized === "unicode11utf7") return utf7Decoder;
  if (asciiLabels.has(normalized)) return windows1252;
  const codePage = normalized.match(codePagePattern) ?? normalized.match(/^(?:pc|dos|oem)?(\d+)$/);
  if (codePage && codePageTables[codePage[1]]) {
    let d = tableDecoders.get(codePage[1]);
    if (!d) {
      d = tableDecoder(codePageTables[codePage[1]]);
      tableDecoders.set(codePage[1], d);
    }
    return d;
  }
  if (unknownLabels.has(normalized)) return guessDecoder(label, false);
  return guessDecoder(label, true);
}
