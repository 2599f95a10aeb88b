// Strings shaped like a code, found in one pass over the text: runs of ASCII
// letters and digits, joined into one chain where a single hyphen (or, between
// digit groups, a single space) links them, as in "123 456", "K7P-2QX" and
// "G-318204". A chain is one candidate or none: a phone number or an order
// number written in groups ("+1 415 555 0199") never yields a piece of itself.
// Each candidate's value is what a person types: the groups joined, a service
// prefix ("G-", "FB-") dropped.

export type CandidateKind = "digits" | "grouped" | "prefixed" | "alnum";

export interface Candidate {
  start: number;
  end: number;
  value: string;
  kind: CandidateKind;
  /** a four-digit 19xx or 20xx: taken only right after a code word */
  year: boolean;
}

interface Chunk {
  start: number;
  end: number;
  /** read from the text only when a chain is classified: most chunks are plain words */
  text: string | null;
  /** whether it is all digits, and whether it has one */
  digits: boolean;
  hasDigit: boolean;
}

const ALPHABETIC = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}]/u;
const DIGITS = /^\d+$/;
const BAD_BEFORE = new Set([..."@/\\=?&%+#$€£¥₩₽₹_"]);
const BAD_AFTER = new Set([..."@/\\=%+_$€£¥₩₽₹°"]);
const NUMBER_JOINERS = new Set([".", ",", ":"]);
const UNIT = /^\d+(?:st|nd|rd|th|[kmgt]b|km|kg|mm|cm|ml|min|mins|h|hr|hrs|s|sec|ms|px|pt|p|x|k|m|g|d|fps|hz|mhz|ghz|gbps|mbps)$/i;

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isAsciiAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);

/** A single run of letters and digits that may be a code: 4–8 long, with a digit, not a unit ("10GB"), a word with a number ("UTF8", "iphone15") or a repeated digit ("0000"). */
function single(text: string): { kind: CandidateKind; year: boolean } | null {
  if (text.length < 4 || text.length > 8) return null;
  if (DIGITS.test(text)) {
    if (/^(\d)\1+$/.test(text)) return null;
    return { kind: "digits", year: /^(?:19|20)\d\d$/.test(text) };
  }
  if (!/\d/.test(text) || !/[A-Za-z]/.test(text)) return null;
  if (UNIT.test(text)) return null;
  if (/^[A-Za-z]+\d{1,2}$/.test(text) && text.length <= 5) return null;
  if (/[a-z]/.test(text)) {
    // lower-case letters: a code mixes them with digits; a word or a version does not
    if (/^[A-Za-z]+\d+$|^\d+[A-Za-z]+$/.test(text)) return null;
    if ((text.match(/\d/g) ?? []).length < 2) return null;
  }
  return { kind: "alnum", year: false };
}

/** The candidate a chain of chunks makes, or null; `seps` are the characters between them. */
function classify(parts: string[], seps: string[]): { value: string; kind: CandidateKind; year: boolean } | null {
  if (parts.length === 1) {
    const one = single(parts[0]);
    return one ? { value: parts[0], ...one } : null;
  }
  const joined = parts.join("");
  const allDigits = parts.every((p) => DIGITS.test(p));
  const equal = parts.every((p) => p.length === parts[0].length);
  if (allDigits) {
    if (!equal || joined.length < 4 || joined.length > 8 || /^(\d)\1+$/.test(joined)) return null;
    const sep = seps[0];
    if (!seps.every((s) => s === sep)) return null;
    return { value: joined, kind: "grouped", year: false };
  }
  if (parts.length !== 2 || seps[0] !== "-") return null;
  const [head, tail] = parts;
  if (/^[A-Z]{1,3}$/.test(head) && /^\d{4,8}$/.test(tail)) return { value: tail, kind: "prefixed", year: false };
  // two upper-case groups of 3–4, as some services print codes: "K7P-2QX", "ABX-429", "QWE-RTY"
  if (/^[A-Z0-9]{3,4}$/.test(head) && /^[A-Z0-9]{3,4}$/.test(tail) && joined.length <= 8) {
    const letters = /[A-Z]/.test(joined);
    const digits = /\d/.test(joined);
    if (letters && (digits || head.length === tail.length)) return { value: joined, kind: "alnum", year: false };
  }
  return null;
}

/** Whether the chain stands on its own: not inside a word, a path, an amount, a decimal or a clock time. */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (before !== undefined) {
    if (BAD_BEFORE.has(before) || ALPHABETIC.test(before)) return false;
    if (NUMBER_JOINERS.has(before) && isDigit(text[start - 2])) return false;
    if (before === "-" && isAsciiAlnum(text[start - 2])) return false;
  }
  if (after !== undefined) {
    if (BAD_AFTER.has(after) || ALPHABETIC.test(after)) return false;
    if (NUMBER_JOINERS.has(after) && isDigit(text[end + 1])) return false;
  }
  return true;
}

/** Whether the text between two chunks links them into one chain: one hyphen, or one space or cell break between digit groups. */
function linking(text: string, a: Chunk, b: Chunk): string | null {
  if (b.start - a.end !== 1) return null;
  const sep = text[a.end];
  if (sep === "-") return sep;
  if (sep === " " && a.digits && b.digits) return sep;
  if (sep === "\t" && a.end - a.start === 1 && b.end - b.start === 1 && a.digits && b.digits) return sep;
  return null;
}

/** The runs of ASCII letters and digits, by character codes: no match object or string per word. */
function chunksOf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 0; at < text.length; ) {
    if (!isAlnumCode(text.charCodeAt(at))) {
      at++;
      continue;
    }
    const start = at;
    let digitCount = 0;
    for (; at < text.length && isAlnumCode(text.charCodeAt(at)); at++) if (text.charCodeAt(at) <= 57) digitCount++;
    chunks.push({ start, end: at, text: null, digits: digitCount === at - start, hasDigit: digitCount > 0 });
  }
  return chunks;
}

/** 0-9, A-Z, a-z */
const isAlnumCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Every candidate in the text, in order. */
export function findCandidates(text: string): Candidate[] {
  const chunks = chunksOf(text);
  const out: Candidate[] = [];
  const textOf = (c: Chunk) => (c.text ??= text.slice(c.start, c.end));
  for (let i = 0; i < chunks.length; ) {
    let j = i;
    const seps: string[] = [];
    for (let sep = j + 1 < chunks.length ? linking(text, chunks[j], chunks[j + 1]) : null; sep !== null; ) {
      seps.push(sep);
      j++;
      sep = j + 1 < chunks.length ? linking(text, chunks[j], chunks[j + 1]) : null;
    }
    const start = chunks[i].start;
    const end = chunks[j].end;
    // A lone run without a digit is a word: single() turns every one down (most of any text).
    const plainWord = j === i && !chunks[i].hasDigit;
    const parts = plainWord || j - i + 1 > 8 ? null : chunks.slice(i, j + 1).map(textOf);
    i = j + 1;
    if (!parts) continue;
    // classify first: it turns down a plain word in a length check, before standsAlone's lookups
    const found = classify(parts, seps);
    if (found && standsAlone(text, start, end)) out.push({ start, end, ...found });
  }
  return out;
}
