// Bodies as they are stored to be shown. SQLite in a Durable Object takes no value, row or
// result over 2 MB, and a message's detail is one JSON string SQLite builds, so each body is
// clipped to what it takes there, with a warning; the raw message keeps every byte of it.
import type { Delivery } from "../../src/contract/delivery";

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Bytes one UTF-16 unit takes in JSON text: escapes for quotes and controls, UTF-8 for the rest. */
function unitBytes(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) return 2;
  if (c < 0x20) return 6;
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  // A surrogate pair is 4 bytes of UTF-8; a lone half is counted as its six-character escape, never under.
  if (isHigh(c)) return isLow(s.charCodeAt(i + 1)) ? 2 : 6;
  if (isLow(c)) return i > 0 && isHigh(s.charCodeAt(i - 1)) ? 2 : 6;
  return 3;
}

/** Where to cut `s` so it takes at most `limit` bytes as JSON text (its length when it fits). */
function cutAt(s: string, limit: number): number {
  if (s.length * 6 <= limit) return s.length; // the common case, without a look at each character
  let used = 2; // the quotes
  for (let i = 0; i < s.length; i++) {
    used += unitBytes(s, i);
    if (used > limit) {
      // Never between the halves of a surrogate pair.
      return isLow(s.charCodeAt(i)) && i > 0 && isHigh(s.charCodeAt(i - 1)) ? i - 1 : i;
    }
  }
  return s.length;
}

/** The delivery with each body cut to `limit` bytes as JSON text, a warning for each one cut. */
export function fitBodies(d: Delivery, limit: number): Delivery {
  const textCut = d.text === null ? 0 : cutAt(d.text, limit);
  const htmlCut = d.html === null ? 0 : cutAt(d.html, limit);
  const textClipped = d.text !== null && textCut < d.text.length;
  const htmlClipped = d.html !== null && htmlCut < d.html.length;
  if (!textClipped && !htmlClipped) return d;
  const note = (which: string) => `${which} body clipped to ${limit} bytes to be shown; the raw message keeps all of it`;
  return {
    ...d,
    text: textClipped ? (d.text as string).slice(0, textCut) : d.text,
    html: htmlClipped ? (d.html as string).slice(0, htmlCut) : d.html,
    warnings: [...d.warnings, ...(textClipped ? [note("text")] : []), ...(htmlClipped ? [note("html")] : [])],
  };
}
