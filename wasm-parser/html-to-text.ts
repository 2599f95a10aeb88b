// Plain text from an HTML body, for a mail whose text part is missing where its
// html part is present. Gives the text postal-mime gives for ordinary HTML, but
// in one linear pass over tokens: tags are classified once, then rendered.
// Where source lines matter (the head is dropped only through a <body> on the
// first line, a trailing </body> only on the last), "lines" are those of the
// reference: <br> and block tags end one; a plain CRLF or LF does not.
import { decodeHTML } from "entities/decode";

// Token kinds.
const TEXT = 0;
const LINE_END = 1; // a lone CR, U+2028 or U+2029 in text
const DROPPED = 2; // a comment, or a script element with its content
const BREAK = 3; // <br>
const BLOCK = 4; // p, div, table, tr, td, th, opening or closing
const INLINE = 5; // span, em, i, strong, b, u, a: vanish without a space
const LINK = 6; // <a> with an href: the address in parentheses
const LIST_ITEM = 7; // <li>: a bullet, eating the whitespace after it
const RULE = 8; // <hr>
const OTHER = 9; // any other tag: one space
const BODY_OPEN = 10;
const HEAD_CLOSE = 11;
const DOCTYPE = 12;
const BODY_CLOSE = 13;
const HTML_CLOSE = 14;

interface Token {
  kind: number;
  /** the source text (for a LINK, the href) */
  text: string;
  /** a line ends here */
  ends: boolean;
}

const BLOCKS = new Set(["p", "div", "table", "tr", "td", "th"]);
const INLINES = new Set(["span", "em", "i", "strong", "b", "u", "a"]);
const HARD_BREAK = /\r(?!\n)|[\u2028\u2029]/g;
const HAS_HARD_BREAK = new RegExp(HARD_BREAK.source);

function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

function isLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** A '<' opens a tag when a letter, '/', '!' or '?' follows; otherwise it is text. */
function opensTag(html: string, at: number): boolean {
  const next = html.charCodeAt(at + 1);
  return isLetter(next) || next === 0x2f || next === 0x21 || next === 0x3f;
}

function classify(tag: string): number {
  const marker = tag.charCodeAt(1);
  const closing = marker === 0x2f;
  const start = closing || marker === 0x21 ? 2 : 1;
  let end = start;
  while (end < tag.length && isWordChar(tag.charCodeAt(end))) end++;
  const raw = tag.slice(start, end);
  const name = raw.toLowerCase();
  if (marker === 0x21) return name === "doctype" ? DOCTYPE : OTHER;
  if (BLOCKS.has(name)) return BLOCK;
  if (INLINES.has(name) && (closing || name !== "a")) return INLINE;
  if (closing) return name === "head" ? HEAD_CLOSE : name === "body" ? BODY_CLOSE : name === "html" ? HTML_CLOSE : OTHER;
  if (name === "br") return BREAK;
  if (name === "a") return LINK;
  if (name === "li") return LIST_ITEM;
  if (raw === "hr") return RULE; // the reference matches <hr> in lower case only
  if (name === "body") return BODY_OPEN;
  return OTHER;
}

/** The position of the first match of `pattern` at or after a position; positions only grow. */
class ForwardSearch {
  private found = -1;
  private searchedFrom = Infinity;

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
  ) {}

  from(position: number): number {
    const stale = position < this.searchedFrom || (this.found >= 0 && this.found < position);
    if (stale) {
      this.pattern.lastIndex = position;
      const match = this.pattern.exec(this.text);
      this.found = match ? match.index : -1;
      this.searchedFrom = position;
    }
    return this.found < 0 ? Infinity : this.found;
  }
}

/**
 * Where a comment or script block that opens with a tag ending at `from` ends,
 * or -1 when it does not close on the same line: the reference never lets one
 * run across a line.
 */
function blockEnd(html: string, from: number, closer: ForwardSearch, lineEnds: ForwardSearch[], tail: string): number {
  const close = closer.from(from);
  if (close === Infinity) return -1;
  for (const lineEnd of lineEnds) if (lineEnd.from(from) < close) return -1;
  if (!tail) return close + 3; // "-->"
  const gt = html.indexOf(">", close + tail.length);
  return gt < 0 ? -1 : gt + 1;
}

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const hardBreaks = new ForwardSearch(html, new RegExp(HARD_BREAK.source, "g"));
  const commentClose = new ForwardSearch(html, /-->/g);
  const scriptClose = new ForwardSearch(html, /<\/script\b/gi);
  const blockTags = new ForwardSearch(html, /<(?:br|\/?(?:p|div|table|tr|td|th))\b/gi);
  const addText = (from: number, to: number) => {
    let at = from;
    for (const m of html.slice(from, to).matchAll(HARD_BREAK)) {
      if (m.index > at - from) tokens.push({ kind: TEXT, text: html.slice(at, from + m.index), ends: false });
      tokens.push({ kind: LINE_END, text: m[0], ends: true });
      at = from + m.index + 1;
    }
    if (at < to) tokens.push({ kind: TEXT, text: html.slice(at, to), ends: false });
  };
  let textFrom = 0;
  for (let lt = html.indexOf("<"); lt >= 0; lt = html.indexOf("<", lt + 1)) {
    if (!opensTag(html, lt)) continue;
    let end = -1;
    let token: Token | null = null;
    if (html.startsWith("<!--", lt)) {
      end = blockEnd(html, lt + 4, commentClose, [hardBreaks], "");
      if (end >= 0) token = { kind: DROPPED, text: "", ends: false };
    }
    if (!token) {
      const gt = html.indexOf(">", lt + 1);
      if (gt < 0) break; // nothing after can close: the rest is text
      const tag = html.slice(lt, gt + 1);
      end = gt + 1;
      let kind = classify(tag);
      if (kind === OTHER && /^<script\b/i.test(tag)) {
        const close = blockEnd(html, end, scriptClose, [hardBreaks, blockTags], "</script");
        if (close >= 0) [kind, end] = [DROPPED, close];
      }
      const href = kind === LINK ? linkTarget(tag) : null;
      if (kind === LINK && href === null) kind = INLINE;
      const breaksLine = kind === BREAK || kind === BLOCK || (kind !== DROPPED && HAS_HARD_BREAK.test(tag));
      token = { kind, text: href ?? tag, ends: breaksLine };
    }
    addText(textFrom, lt);
    tokens.push(token);
    textFrom = end;
    lt = end - 1;
  }
  addText(textFrom, html.length);
  return tokens;
}

/** The last href value of an <a> tag, or null. */
function linkTarget(tag: string): string | null {
  let target: string | null = null;
  for (const m of tag.matchAll(/href\s*=\s*["']?([^\s"'>]+)/gi)) target = m[1];
  return target;
}

/**
 * The tokens that make the text: after the last <body>, </head> and doctype
 * of the first line, before a </body> or </html> on the last line.
 */
function bodyRange(tokens: Token[]): [number, number] {
  let from = 0;
  for (const marker of [BODY_OPEN, HEAD_CLOSE, DOCTYPE]) {
    let cut = -1;
    for (let k = from; k < tokens.length; k++) {
      if (tokens[k].kind === marker) cut = k;
      if (tokens[k].ends) break;
    }
    if (cut >= 0) from = cut + 1;
  }
  let to = tokens.length;
  for (const marker of [BODY_CLOSE, HTML_CLOSE]) {
    let lastLine = from;
    for (let k = to - 1; k >= from; k--) {
      if (tokens[k].ends) {
        lastLine = k;
        break;
      }
    }
    for (let k = lastLine; k < to; k++) {
      if (tokens[k].kind === marker) {
        to = k;
        break;
      }
    }
  }
  return [from, to];
}

function render(token: Token): string {
  switch (token.kind) {
    case TEXT:
      return token.text.replace(/\r\n/g, "\n");
    case LINE_END:
    case BREAK:
      return "\n";
    case BLOCK:
      return "\n\n";
    case INLINE:
      return "";
    case LINK:
      return ` (${token.text}) `;
    case LIST_ITEM:
      return "* ";
    case RULE:
      return "\n-------------\n";
    default:
      return " ";
  }
}

/** Spaces and tabs collapsed, blank lines emptied, at most one blank line in a row or at either end. */
function tidy(text: string): string {
  const out: string[] = [];
  let blank = false;
  for (const line of text.replace(/[ \t]+/g, " ").split("\n")) {
    if (/^\s*$/.test(line)) {
      blank = true;
      continue;
    }
    if (out.length) out.push(blank ? "\n\n" : "\n");
    else if (blank) out.push("\n");
    out.push(line);
    blank = false;
  }
  if (out.length && blank) out.push("\n");
  return out.join("");
}

export function htmlToText(html: string): string {
  const tokens = tokenize(html);
  const [from, to] = bodyRange(tokens);
  const pieces: string[] = [];
  // after a list item, whitespace up to the next text or tag is dropped
  let eating = false;
  for (let k = from; k < to; k++) {
    const token = tokens[k];
    let piece = render(token);
    if (eating) {
      if (token.kind === OTHER || token.kind === RULE || token.kind >= BODY_OPEN) eating = false;
      else {
        piece = piece.replace(/^\s+/, "");
        if (piece) eating = false;
      }
    }
    if (token.kind === LIST_ITEM) eating = true;
    pieces.push(piece);
  }
  return decodeHTML(tidy(pieces.join("")));
}
