// String-level decoding around the wasm byte work: RFC 2047 encoded words
// (split and decoded in wasm, see assembly/decode-strings.ts; turned into text
// here with the word's charset) and RFC 2231 parameter continuations.
import { getDecoder } from "./charsets";

/** Set by the parser for the duration of one parse: decodes words in wasm. */
export const wordsContext: { decode: ((str: string) => string) | null } = { decode: null };

export function decodeWords(str: string): string {
  str = (str || "").toString();
  if (str.indexOf("=?") < 0) return str;
  if (!wordsContext.decode) throw new Error("wasm-parser: decodeWords called outside a parse");
  return wordsContext.decode(str);
}

const ENCODED_WORD_PATTERN = "=\\?([^?\\s]+)\\?([QqBb])\\?([^?]*)\\?=";
const ENCODED_WORDS_ONLY_REGEX = new RegExp(`^(?:${ENCODED_WORD_PATTERN}\\s*)+$`);

export function isEncodedWordsOnly(str: string): boolean {
  return ENCODED_WORDS_ONLY_REGEX.test(str);
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const textEncoder = new TextEncoder();

export function decodeURIComponentWithCharset(encodedStr: string, charset?: string | null): string {
  const bytes: number[] = [];
  for (let i = 0; i < encodedStr.length; i++) {
    const c = encodedStr.charAt(i);
    const high = c === "%" ? hexNibble(encodedStr.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexNibble(encodedStr.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes.push((high << 4) | low);
      i += 2;
    } else if (c.charCodeAt(0) > 126) {
      for (const b of textEncoder.encode(c)) bytes.push(b);
    } else {
      bytes.push(c.charCodeAt(0));
    }
  }
  return getDecoder(charset || "utf-8").decode(new Uint8Array(bytes));
}

export interface StructuredHeader {
  value: string;
  params: Record<string, string>;
}

/** RFC 2231 section 3/4: joins name*0, name*1… and decodes name*= values. */
export function decodeParameterValueContinuations(header: StructuredHeader): void {
  const paramKeys = new Map<string, { charset: string | null; values: { nr: number; value: string; encoded: boolean }[] }>();
  for (const key of Object.keys(header.params)) {
    let match = key.match(/\*((\d+)\*?)?$/);
    if (!match) continue;
    const actualKey = key.slice(0, match.index).toLowerCase();
    const nr = Number(match[2]) || 0;
    let paramVal = paramKeys.get(actualKey);
    if (!paramVal) {
      paramVal = { charset: null, values: [] };
      paramKeys.set(actualKey, paramVal);
    }
    let value = header.params[key];
    const encoded = match[0].charAt(match[0].length - 1) === "*";
    if (nr === 0 && encoded && (match = value.match(/^([^']*)'[^']*'(.*)$/))) {
      paramVal.charset = match[1] || "utf-8";
      value = match[2];
    }
    paramVal.values.push({ nr, value, encoded });
    delete header.params[key];
  }
  paramKeys.forEach((paramVal, key) => {
    let result = "";
    let pending = "";
    for (const part of paramVal.values.sort((a, b) => a.nr - b.nr)) {
      if (part.encoded) {
        pending += part.value;
        continue;
      }
      if (pending) {
        result += decodeURIComponentWithCharset(pending, paramVal.charset);
        pending = "";
      }
      result += part.value;
    }
    if (pending) result += decodeURIComponentWithCharset(pending, paramVal.charset);
    header.params[key] = result;
  });
}
