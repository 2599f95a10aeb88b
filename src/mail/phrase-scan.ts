// Finds a word list's phrases (code-words.ts) in a text. The list's pattern
// opens with a lookbehind ("no letter or digit before"), which V8 must try at
// every position of the text, so it cannot skip ahead to where a phrase could
// start: 2–6× slower over a long mail. Here the phrase is found first and the
// character before it checked after, with the same result: a Latin phrase
// turned down for the letter before it gives way, at the same position, to a
// CJK phrase, as the pattern's second branch would.
import type { WordList } from "./code-words";

export interface Found {
  start: number;
  end: number;
}

/** A letter or digit ends the text: the code point, so a letter written as a surrogate pair counts. */
const WORD_END = /[\p{L}\p{N}]$/u;

export class PhraseScan {
  /** the Latin half captured, so a match says which half it came from */
  private readonly any: RegExp;
  private readonly cjkHere: RegExp;

  constructor(list: WordList) {
    this.any = new RegExp(`(${list.latin})(?![\\p{L}])|(?:${list.cjk})`, "giu");
    this.cjkHere = new RegExp(`(?:${list.cjk})`, "iuy");
  }

  /** Every phrase, in order, none overlapping (as matchAll with the list's pattern finds them). */
  all(text: string): Found[] {
    const out: Found[] = [];
    for (let at = 0, m = this.next(text, at); m; m = this.next(text, at)) {
      out.push(m);
      // an empty match cannot happen (every phrase has a character), but never loop on one
      at = Math.max(m.end, m.start + 1);
    }
    return out;
  }

  /** Whether the text holds a phrase of the list. */
  test(text: string): boolean {
    return this.next(text, 0) !== null;
  }

  private next(text: string, from: number): Found | null {
    const re = this.any;
    re.lastIndex = from;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      if (m[1] === undefined || !WORD_END.test(text.slice(Math.max(0, start - 2), start))) return { start, end: start + m[0].length };
      // a Latin phrase inside a word: the pattern would try its CJK branch here, then the next position
      this.cjkHere.lastIndex = start;
      const cjk = this.cjkHere.exec(text);
      if (cjk) return { start, end: start + cjk[0].length };
      // past the whole character (a match never starts inside a surrogate pair; V8 would step back into it)
      re.lastIndex = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
    }
    return null;
  }
}
