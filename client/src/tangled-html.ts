// Mail HTML that would freeze the tab: the HTML parser's work on formatting elements left open
// (<a><b><i>… never closed) grows with the square of their number (150 KB of them took Chromium
// 27 s), so past a bound those tags are left out before anything parses the mail.

/** The elements the HTML parser re-opens and re-nests (the spec's "formatting elements"). */
const NAMES = "a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u";
/** A formatting tag's start, opening or closing: `<b`, `</b`. */
const FORMATTING = new RegExp(`<(\\/?)(${NAMES})(?=[\\s/>])`, "gi");
/** A whole formatting tag, attributes and all. */
const FORMATTING_TAG = new RegExp(`<\\/?(${NAMES})(?=[\\s/>])[^>]*>`, "gi");

/** Formatting elements left open past which the mail's formatting tags are dropped (about 20 ms of parsing). */
export const OPEN_FORMATTING_MAX = 1000;

/** How many formatting elements the HTML leaves open, counting each close against an open of its name. */
function openFormatting(html: string): number {
  const open = new Map<string, number>();
  let total = 0;
  for (const m of html.matchAll(FORMATTING)) {
    const name = m[2].toLowerCase();
    const n = open.get(name) ?? 0;
    if (m[1] === "") {
      open.set(name, n + 1);
      total++;
    } else if (n > 0) {
      open.set(name, n - 1);
      total--;
    }
  }
  return total;
}

/** The HTML as it can be parsed in good time: unchanged, or without its formatting tags (links' text stays). */
export function untangle(html: string, max = OPEN_FORMATTING_MAX): { html: string; untangled: boolean } {
  if (openFormatting(html) <= max) return { html, untangled: false };
  return { html: html.replace(FORMATTING_TAG, ""), untangled: true };
}
