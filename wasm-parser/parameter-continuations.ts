// RFC 2231 parameter values: `name*0`, `name*1*`… sections joined in number
// order, `*`-marked sections percent-decoded with the charset named by the
// first one (`charset'language'value`), the result stored under `name`.
import { getDecoder } from "./charsets";

interface Section {
  number: number;
  value: string;
  /** percent-encoded (the key ends in `*`) */
  encoded: boolean;
}

/** `name*`, `name*3`, `name*3*`: the parameter name, the section number and whether it is encoded. */
const SECTION_KEY = /^(.*?)\*(?:(\d+)(\*)?)?$/;
const CHARSET_PREFIX = /^([^']*)'[^']*'(.*)$/;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `%XX` escapes to bytes; every other character as its UTF-8 bytes (ASCII as itself). */
function percentDecode(text: string, charset: string): string {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = high < 0 ? -1 : hexValue(text.charCodeAt(i + 2));
      if (low >= 0) {
        bytes.push(high * 16 + low);
        i += 2;
        continue;
      }
    }
    if (code < 0x80) {
      bytes.push(code);
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) ?? 0xfffd);
      for (const b of utf8.encode(char)) bytes.push(b);
      i += char.length - 1;
    }
  }
  return getDecoder(charset).decode(new Uint8Array(bytes));
}

/** Replaces the sectioned parameters of `params` by their joined, decoded values (in place). */
export function joinParameterContinuations(params: Record<string, string>): void {
  const byName = new Map<string, { charset: string; sections: Section[] }>();
  for (const key of Object.keys(params)) {
    const match = SECTION_KEY.exec(key);
    if (!match) continue;
    const [, name, digits, star] = match;
    const section: Section = { number: Number(digits) || 0, value: params[key], encoded: digits === undefined || star === "*" };
    delete params[key];
    let parameter = byName.get(name);
    if (!parameter) {
      parameter = { charset: "utf-8", sections: [] };
      byName.set(name, parameter);
    }
    if (section.number === 0 && section.encoded) {
      const prefixed = CHARSET_PREFIX.exec(section.value);
      if (prefixed) {
        parameter.charset = prefixed[1] || "utf-8";
        section.value = prefixed[2];
      }
    }
    parameter.sections.push(section);
  }
  for (const [name, { charset, sections }] of byName) {
    sections.sort((a, b) => a.number - b.number);
    let joined = "";
    // consecutive encoded sections are decoded together: a character may span two
    let run = "";
    for (const section of sections) {
      if (section.encoded) {
        run += section.value;
        continue;
      }
      if (run) joined += percentDecode(run, charset);
      run = "";
      joined += section.value;
    }
    if (run) joined += percentDecode(run, charset);
    params[name] = joined;
  }
}
