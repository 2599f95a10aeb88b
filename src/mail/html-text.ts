// Visible text of an HTML body, for finding codes and for the snippet: one
// forward pass over the tags (linear in the HTML), stopping once enough text
// is collected. Unlike wasm-parser's html-to-text (which mirrors postal-mime
// for display), links stay out of the text, table cells stay apart on one
// line, and each link's visible text is kept with its target.
import { decodeHTML } from "entities/decode";

/** A link as a reader sees it: where it goes and the words on it. */
export interface Anchor {
  href: string;
  text: string;
}

export interface HtmlText {
  text: string;
  anchors: Anchor[];
}

/** Elements whose content is never shown: skipped up to their closing tag (or to the end when unclosed, as browsers do). */
const HIDDEN = new Set(["script", "style", "title", "template", "noscript", "xml", "svg", "object"]);
const INLINE = new Set([
  "a",
  "abbr",
  "b",
  "big",
  "code",
  "em",
  "font",
  "i",
  "kbd",
  "label",
  "mark",
  "s",
  "samp",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "tt",
  "u",
  "wbr",
]);
const CELLS = new Set(["td", "th"]);
const MAX_ANCHORS = 200;
/** Tags read at most: real mail has a few thousand; a body of nothing but tags is not read to its end. */
const MAX_TAGS = 50_000;
const MAX_ANCHOR_TEXT = 200;

/** The position of the first closing tag of one element at or after a position; each search starts past the last one found, so the total work is linear. */
class CloserSearch {
  private found = -1;
  private from = Number.POSITIVE_INFINITY;
  private readonly pattern: RegExp;

  constructor(
    private readonly html: string,
    name: string,
  ) {
    this.pattern = new RegExp(`</${name}\\b`, "gi");
  }

  at(position: number): number {
    const cached = this.from <= position && (this.found < 0 || this.found >= position);
    if (!cached) {
      this.pattern.lastIndex = position;
      this.found = this.pattern.exec(this.html)?.index ?? -1;
      this.from = position;
    }
    return this.found;
  }
}

function isTagStart(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || code === 0x2f || code === 0x21 || code === 0x3f;
}

function tagName(tag: string): string {
  let start = tag.charCodeAt(1) === 0x2f ? 2 : 1;
  if (tag.charCodeAt(start) === 0x21) start++;
  let end = start;
  while (end < tag.length) {
    const c = tag.charCodeAt(end) | 0x20;
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) break;
    end++;
  }
  return tag.slice(start, end).toLowerCase();
}

function hrefOf(tag: string): string | null {
  const m = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
  return m ? decodeHTML(m[1] ?? m[2] ?? m[3]).trim() : null;
}

/** Text and links of an HTML body; reads at most `maxHtml` characters and MAX_TAGS tags, and stops once `maxText` characters of text are collected. */
export function htmlText(html: string, maxText: number, maxHtml = 2 * 1024 * 1024): HtmlText {
  const source = html.length > maxHtml ? html.slice(0, maxHtml) : html;
  const closers = new Map<string, CloserSearch>();
  const pieces: string[] = [];
  const anchors: Anchor[] = [];
  let length = 0;
  let open: { href: string; from: number } | null = null;
  const emit = (piece: string) => {
    pieces.push(piece);
    length += piece.length;
  };
  const closeAnchor = () => {
    const closing = open;
    open = null;
    if (!closing || anchors.length >= MAX_ANCHORS) return;
    const words = decodeHTML(pieces.slice(closing.from).join("")).replace(/\s+/g, " ").trim();
    anchors.push({ href: closing.href, text: words.slice(0, MAX_ANCHOR_TEXT) });
  };
  let pos = 0;
  let tags = 0;
  while (pos < source.length && length < maxText && tags < MAX_TAGS) {
    const found = source.indexOf("<", pos);
    const lt = found < 0 ? source.length : found;
    // text beyond the budget is never decoded
    if (lt > pos) emit(source.slice(pos, Math.min(lt, pos + maxText - length)));
    if (found < 0) break;
    if (!isTagStart(source.charCodeAt(lt + 1))) {
      emit("<");
      pos = lt + 1;
      continue;
    }
    if (source.startsWith("<!--", lt)) {
      const end = source.indexOf("-->", lt + 4);
      pos = end < 0 ? source.length : end + 3;
      continue;
    }
    const gt = source.indexOf(">", lt + 1);
    if (gt < 0) break; // a tag that never ends: nothing after it is shown
    const tag = source.slice(lt, gt + 1);
    tags++;
    const closing = tag.charCodeAt(1) === 0x2f;
    const name = tagName(tag);
    pos = gt + 1;
    if (!closing && HIDDEN.has(name) && !tag.endsWith("/>")) {
      const closer = closers.get(name) ?? new CloserSearch(source, name);
      closers.set(name, closer);
      const end = closer.at(pos);
      const gtAfter = end < 0 ? -1 : source.indexOf(">", end);
      pos = gtAfter < 0 ? source.length : gtAfter + 1;
      continue;
    }
    if (name === "a") {
      closeAnchor();
      const href = closing || anchors.length >= MAX_ANCHORS ? null : hrefOf(tag);
      if (href) open = { href, from: pieces.length };
      continue;
    }
    if (INLINE.has(name)) continue;
    if (CELLS.has(name)) emit("\t");
    else if (name === "img") emit(" ");
    else emit("\n");
  }
  closeAnchor();
  return { text: decodeHTML(pieces.join("")), anchors };
}
