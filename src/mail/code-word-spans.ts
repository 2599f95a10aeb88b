// Where the code words are in a text: each phrase that names a code, in
// order, without those inside a trap phrase ("promo code", "Postleitzahl"),
// a booking's "confirmation code", or a label's number ("Order code").
import { BOOKING, CONFIRMATION, LABEL, STRONG, TRAP, WEAK, wordsPattern } from "./code-words";
import { PhraseScan } from "./phrase-scan";

export interface Span {
  start: number;
  end: number;
  strong: boolean;
}

export const STRONG_SCAN = new PhraseScan(STRONG);
export const WEAK_SCAN = new PhraseScan(WEAK);
const TRAP_SCAN = new PhraseScan(TRAP);
const BOOKING_SCAN = new PhraseScan(BOOKING);
/** A label ("Order", "Bestellnummer:", "注文番号") right at the end of a piece of text. */
export const LABEL_END = new RegExp(`(?:${wordsPattern(LABEL)})[\\s:#.№°º(*-]{0,3}$`, "iu");

function spans(text: string, scan: PhraseScan, strong: boolean): Span[] {
  return scan.all(text).map((f) => ({ ...f, strong }));
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
  const traps = spans(text, TRAP_SCAN, false);
  let strong = spans(text, STRONG_SCAN, true);
  if (BOOKING_SCAN.test(text)) {
    // a hotel's or airline's "confirmation code" is the booking's reference: a trap there
    const references = strong.filter((s) => CONFIRMATION.test(text.slice(s.start, s.end)));
    strong = strong.filter((s) => !references.includes(s));
    traps.push(...references);
    traps.sort((a, b) => a.start - b.start);
  }
  // "Order code", "Product code": a weak code word right after a label on its line is that label's number
  const weak = apart(spans(text, WEAK_SCAN, false), strong).filter((w) => !LABEL_END.test(lineBefore(text, w.start, 24)));
  return apart(
    [...strong, ...weak].sort((a, b) => a.start - b.start),
    traps,
  );
}
