// Reads a text for codes as a person would: a candidate is a code when words
// next to it name it one ("Your code is", "482913 is your", a code word just
// above a code printed alone on its line), and not when it is labelled as
// something else, priced, a unit, in a shop's offer, or already spent. Each
// check looks at a bounded window around one candidate, so reading is linear.
import { type Candidate, findCandidates } from "./code-candidates";
import { codeWords, LABEL_END, lineBefore, type Span } from "./code-word-spans";
import { INTENT, PROMO, STALE } from "./code-words";
import { PhraseScan } from "./phrase-scan";

const MAX_CODES = 3;

export const INTENT_SCAN = new PhraseScan(INTENT);
const PROMO_SCAN = new PhraseScan(PROMO);
const STALE_SCAN = new PhraseScan(STALE);

/** Between a code word and its code: nothing but punctuation… */
const TIGHT = /^[\s:：=\-–—|>»→"'“”„«‘’([【「『<*#~.]{0,12}$/u;
/** …or a few words ending in "is", "lautet", "是", "は", a colon. */
const COPULA =
  /^(?:[^.!?。！？\n]|[.,](?=\d)){0,90}?(?:(?<!\p{L})(?:is|are|ist|lautet|lauten|est|sont|es|son|é|são|è|sono|är|er|jest|to|это|sind|zijn|was)|[:：=]|为|為|是|は|는|은|이|가)[\s:：=\-–—"'“”„«‘([【「『*]{0,6}$/u;
/** Between a code and the code word after it: "482913 is your code", "482913は認証コード". */
const AFTER =
  /^[\s"'”»)\]】」』*]{0,3}(?:(?:(?<!\p{L})(?:is|est|ist|es|é|è|är|er|jest|to|это|was)|[—–:-])\s[^.!?。\n]{0,30}|(?:は|是|为|為|이|은|는|가|을|를|로|으로|を|が)[^.!?。\n]{0,12}|\s?[(（][^)）\n]{0,12})$/u;
const USE_BEFORE =
  /(?<!\p{L})(?:use|enter|type|input|verwende|verwenden|eingeben|utilisez|saisissez|entrez|usa|utiliza|introduce|ingresa|digite|insira|inserisci|введите|используйте|gebruik|voer|wpisz|użyj|girin|kullanın)\s?[:"'“]?\s?$/iu;
const USE_AFTER = /^["'”]?\s(?:to|pour|um|para|per|для|om|aby|ile)\s/iu;
/** "your code", "Ihr Code", "votre code": a code meant for the reader. */
const POSSESSIVE =
  /(?<!\p{L})(?:your|ihr|ihre|dein|deine|votre|ton|tu|su|seu|sua|tuo|tua|ваш|твой|uw|je|twój|您的|你的|あなたの)(?:\s[\p{L}-]+){0,2}\s?$/iu;
const CURRENCY_BEFORE = /(?:[$€£¥₩₽₹₺]|R\$|US\$|(?<!\p{L})(?:EUR|USD|GBP|CHF|PLN|RMB|CNY|JPY|Rs\.?))\s?$/iu;
const UNIT_AFTER =
  /^\s?(?:[%‰€$£¥₩₽₺円元원件個名人年月日개명회]|(?:eur|usd|gbp|chf|pln|rub|руб|zł|zl|kr|tl|jpy|krw|cny|brl|try|mxn|km|kg|gb|mb|kb|tb|mm|cm|ml|pts|points|punkte|miles|meilen|шт|lei)(?!\p{L}))/iu;
const DISPLAY_TRIM = /^[\s"'“”„«»‘’()[\]【】「」『』*:：.,;!#-]+|[\s"'“”„«»‘’()[\]【】「」『』*:：.,;!#-]+$/gu;

interface Judged {
  value: string;
  score: number;
  start: number;
}

class Reader {
  private readonly words: Span[];
  private readonly intent: boolean;
  private readonly promo: boolean;
  private readonly lineStarts: number[];

  constructor(
    private readonly text: string,
    private readonly own: Set<string>,
  ) {
    this.words = codeWords(text);
    this.lineStarts = [0];
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) this.lineStarts.push(at + 1);
    this.intent = this.words.some((w) => w.strong || POSSESSIVE.test(lineBefore(text, w.start, 32))) || INTENT_SCAN.test(text);
    this.promo = PROMO_SCAN.test(text);
  }

  /** Index of the line holding position `at` (binary search over line starts). */
  private line(at: number): number {
    let lo = 0;
    let hi = this.lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lineStarts[mid] <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private lineStart(at: number): number {
    return this.lineStarts[this.line(at)];
  }

  private lineEnd(at: number): number {
    const next = this.lineStarts[this.line(at) + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  /** The last code word ending before `at`, within `reach` characters (binary search). */
  private wordBefore(at: number, reach: number): Span | null {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.words[mid].end <= at) lo = mid + 1;
      else hi = mid;
    }
    const w = this.words[lo - 1];
    return w && at - w.end <= reach ? w : null;
  }

  private wordAfter(at: number, reach: number): Span | null {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.words[mid].start < at) lo = mid + 1;
      else hi = mid;
    }
    const w = this.words[lo];
    return w && w.start - at <= reach ? w : null;
  }

  /** Whether the candidate overlaps a code word ("2FA", "ONE-TIME"): the last word starting before its end is the only one that can. */
  private onWord(c: Candidate): boolean {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.words[mid].start < c.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.words[lo - 1].end > c.start;
  }

  /** Whether the candidate is alone on its line, as templates print codes. */
  private displayed(c: Candidate): boolean {
    const start = this.lineStart(c.start);
    const end = this.lineEnd(c.end);
    if (end - start > c.end - c.start + 24) return false;
    const line = this.text.slice(start, end);
    return line.replace(DISPLAY_TRIM, "") === this.text.slice(c.start, c.end);
  }

  /** The line above, when it is a label such as "Order number" or "Bestellnummer:". */
  private labelledAbove(c: Candidate): boolean {
    let line = this.line(c.start) - 1;
    if (line >= 0 && this.lineStarts[line + 1] - this.lineStarts[line] <= 1) line--;
    if (line < 0) return false;
    const start = Math.max(this.lineStarts[line], this.lineStarts[line + 1] - 41);
    const word = this.wordBefore(this.lineStarts[line + 1], 0);
    const from = word && word.end > start ? word.end : start;
    return LABEL_END.test(this.text.slice(from, this.lineStarts[line + 1] - 1));
  }

  /** How firmly words anchor the candidate as a code (3: named right beside it, 2: printed alone near a code word), and the code word that does; null when nothing does. */
  private anchor(c: Candidate, display: boolean): { score: number; word: Span } | null {
    const before = this.wordBefore(c.start, 100);
    if (before) {
      const gap = this.text.slice(before.end, c.start);
      const breaks = gap.split("\n").length - 1;
      if (breaks <= 2 && TIGHT.test(gap)) return { score: 3, word: before };
      if (breaks === 0 && COPULA.test(gap)) return { score: 3, word: before };
    }
    const after = this.wordAfter(c.end, 50);
    if (after) {
      let between = this.text.slice(c.end, after.start);
      if (display && between.startsWith("\n")) between = between.slice(1);
      if (!between.includes("\n") && AFTER.test(between)) return { score: 3, word: after };
    }
    // "Use 284730 to sign in": the phrase itself names the code
    if (!c.year && USE_BEFORE.test(lineBefore(this.text, c.start, 24)) && USE_AFTER.test(this.text.slice(c.end, c.end + 8))) {
      const rest = this.text.slice(c.end, c.end + 40);
      if (INTENT_SCAN.test(rest)) return { score: 3, word: { start: c.start, end: c.end, strong: true } };
    }
    if (display && !c.year) {
      const near = this.wordBefore(c.start, 300) ?? this.wordAfter(c.end, 200);
      if (near) return { score: 2, word: near };
    }
    return null;
  }

  /** A code already spent: "the previous code", "123456 (expired)". */
  private stale(c: Candidate, word: Span): boolean {
    const from = Math.min(word.start, c.start);
    const before = this.text.slice(Math.max(0, from - 60), from);
    const cut = Math.max(...[".", "!", "?", "。", ";", "\n"].map((p) => before.lastIndexOf(p)));
    const upto = Math.max(word.end, c.end);
    const after = this.text.slice(upto, upto + 30);
    const stop = Math.min(...[".", "!", "?", "。", ";", ",", "\n"].map((p) => after.indexOf(p)).filter((i) => i >= 0), after.length);
    return STALE_SCAN.test(before.slice(cut + 1) + this.text.slice(from, upto) + after.slice(0, stop));
  }

  judge(c: Candidate): Judged | null {
    if (this.own.has(c.value.toUpperCase()) || this.onWord(c)) return null;
    // the anchor first: it is a binary search, the checks after it run patterns over windows
    const display = this.displayed(c);
    const anchored = this.anchor(c, display);
    if (!anchored) return null;
    if (!anchored.word.strong) {
      if (this.promo || (anchored.score < 3 && !this.intent)) return null;
      // a word with a number ("SPRING26", "WINTER15") is a shop's code, not a random one
      if (c.kind === "alnum" && /[A-Za-z]{4}/.test(c.value)) return null;
    }
    if (c.year && anchored.score < 3) return null;
    const lineStart = this.lineStart(c.start);
    const word = this.wordBefore(c.start, 100);
    const labelFrom = Math.max(lineStart, c.start - 40, word ? word.end : 0);
    if (LABEL_END.test(this.text.slice(labelFrom, c.start))) return null;
    if (CURRENCY_BEFORE.test(this.text.slice(Math.max(lineStart, c.start - 5), c.start))) return null;
    if (UNIT_AFTER.test(this.text.slice(c.end, c.end + 8))) return null;
    if (display && this.labelledAbove(c)) return null;
    if (PROMO_SCAN.test(this.text.slice(Math.max(lineStart, c.start - 100), Math.min(this.lineEnd(c.end), c.end + 100)))) return null;
    if (this.stale(c, anchored.word)) return null;
    return { value: c.value, score: anchored.score + (anchored.word.strong ? 1 : 0), start: c.start };
  }
}

/** Codes in one text (subject and one body), best first. */
export function readCodes(text: string, own: Set<string>): string[] {
  const candidates = findCandidates(text);
  // Most mail has nothing shaped like a code: then the words around nothing need not be read.
  if (candidates.length === 0) return [];
  const reader = new Reader(text, own);
  const best = new Map<string, Judged>();
  for (const c of candidates) {
    const judged = reader.judge(c);
    const known = judged && best.get(judged.value);
    if (judged && (!known || judged.score > known.score)) best.set(judged.value, judged);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.start - b.start)
    .slice(0, MAX_CODES)
    .map((j) => j.value);
}
