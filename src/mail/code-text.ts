// The text the code finder reads: the subject and the start of the body,
// bounded, in one normal form (NFKC, so full-width digits are digits), with
// quoted replies dropped and the places no code can be (links, addresses,
// dates, times) blotted out. Every pattern here is linear: bounded repeats,
// or an unbounded run that can only start where the previous one ended.

/** Longest subject read: a code sits near its start; a 30,000-digit subject is an attack, not a code. */
export const SUBJECT_MAX = 300;
/** Characters of body text read before normalising, and kept after. */
export const BODY_READ_MAX = 64 * 1024;
export const BODY_MAX = 20_000;

/** Stands in for blotted-out text: not a letter, digit, space or punctuation the finder looks at. */
export const BLOT = "\u2591";

const INVISIBLE = /\u034f|[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]/g;
/** A run of white space other than a line break or tab, to become one " ": a lone " " (most of any text) is not matched, to be replaced by itself. */
const SPACE = / [^\S\n\t]+|[^\S\n\t ][^\S\n\t]*/g;
const CELL = / ?\t[\t ]*/g;

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+/gi;
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w.-]+/g;
const DATE = /(?<!\d)\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)/g;
const TIME = /(?<!\d)\d{1,2}[:h]\d{2}(?::\d{2})?(?!\d)/g;

const blot = (m: string) => BLOT.repeat(m.length);

/** NFKC, invisible characters gone, spaces collapsed, one table cell break kept as a tab, lines trimmed, quoted lines dropped. */
function normalise(text: string): string {
  const lines: string[] = [];
  // NFKC would make a full-width comma an ASCII one, which reads as a thousands separator ("482913，5分钟")
  for (const raw of text
    .replace(/\uff0c/g, "\u3001")
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .split(/\r\n?|\n/)) {
    const line = raw.replace(SPACE, " ").replace(CELL, "\t").trim();
    if (line.startsWith(">")) continue;
    if (line === "" && lines[lines.length - 1] === "") continue;
    lines.push(line);
  }
  return lines.join("\n");
}

/** Text where no code can be: links, mail addresses, dates, clock times. */
function blotOut(text: string): string {
  const linksOut = text.replace(URL, blot);
  // an address needs its "@": most texts have none, and the pattern's lookbehind would be tried at every position
  const addressesOut = linksOut.includes("@") ? linksOut.replace(EMAIL, blot) : linksOut;
  return addressesOut.replace(DATE, blot).replace(TIME, blot);
}

/** The subject on the first line, a blank line, then the body: what the finder reads. */
export function codeText(subject: string | null, body: string): string {
  const head = normalise((subject ?? "").slice(0, SUBJECT_MAX)).replace(/\n/g, " ");
  const text = normalise(body.slice(0, BODY_READ_MAX)).slice(0, BODY_MAX);
  return blotOut(`${head}\n\n${text}`);
}
