// Where the code words are in a text: each phrase that names a code, in
// order, without those inside a trap phrase ("promo code", "Postleitzahl"),
// a booking's "confirmation code", or a label's number ("Order code").
import { BOOKING, CONFIRMATION, LABEL, STRONG, TRAP, WEAK } from "./code-words";

export interface Span {
  start: number;
  end: number;
  strong: boolean;
}

const STRONG_RE = new RegExp(STRONG, "giu");
const WEAK_RE = new RegExp(WEAK, "giu");
const TRAP_RE = new RegExp(TRAP, "giu");
const BOOKING_RE = new RegExp(BOOKING, "iu");
/** A label ("Order", "Bestellnummer:", "注文番号") right at the end of a piece of text. */
export const LABEL_END = new RegExp(`(?:${LABEL})[\\s:#.№°º(*-]{0,3}$`, "iu");

function spans(text: string, pattern: RegExp, strong: boolean): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, strong }));
}

/** Up to `reach` characters before `at`, not crossing a line break. */
export function lineBefore(text: string, at: number, reach: number): string {
  const before = text.slice(Math.max(0, at - reach), at);
  return before.slice(before.lastIndexOf("\n") + 1);
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** The spans of `list` that overlap none of `blockers` (both in order, each free of overlaps within itself). */
function apart(list: Span[], blockers: Span[]): Span[] {
  const out: Span[] = [];
  let b = 0;
  for (const span of list) {
    while (b < blockers.length && blockers[b].end <= span.start) b++;
    if (b < blockers.length && overlaps(blockers[b], span)) continue;
    out.push(span);
  }
  return out;
}

/** Code words in order, without those inside a trap phrase ("promo code") or inside a stronger phrase. */
export function codeWords(text: string): Span[] {
  const traps = spans(text, TRAP_RE, false);
  let strong = spans(text, STRONG_RE, true);
  if (BOOKING_RE.test(text)) {
    // a hotel's or airline's "confirmation code" is the booking's reference: a trap there
    const references = strong.filter((s) => CONFIRMATION.test(text.slice(s.start, s.end)));
    strong = strong.filter((s) => !references.includes(s));
    traps.push(...references);
    traps.sort((a, b) => a.start - b.start);
  }
  // "Order code", "Product code": a weak code word right after a label on its line is that label's number
  const weak = apart(spans(text, WEAK_RE, false), strong).filter((w) => !LABEL_END.test(lineBefore(text, w.start, 24)));
  return apart(
    [...strong, ...weak].sort((a, b) => a.start - b.start),
    traps,
  );
}
