// PhraseScan finds a word list's phrases without the pattern's leading lookbehind, for speed;
// it must find exactly what the list's whole pattern (code-words.ts, wordsPattern) finds:
// the same phrases at the same places, on every list, over the labelled code mails, the
// corpus, and the cases where the two could part (a phrase inside a word, a CJK phrase
// right after a letter, a letter before written as a surrogate pair).
import corpus, { corpusFound } from "virtual:corpus";
import { describe, expect, it } from "vitest";
import { codeText } from "../../src/mail/code-text";
import { BOOKING, INTENT, LABEL, PROMO, STALE, STRONG, TRAP, WEAK, type WordList, wordsPattern } from "../../src/mail/code-words";
import { htmlText } from "../../src/mail/html-text";
import { PhraseScan } from "../../src/mail/phrase-scan";
import { labelledMails } from "../fixtures/codes/index";

const LISTS: Record<string, WordList> = { STRONG, WEAK, TRAP, LABEL, STALE, PROMO, INTENT, BOOKING };

const EDGES = [
  "",
  "Your verification code is 123456",
  "xotp 2fa-code a2fa code 2fa code",
  "otpotp otp, OTP; Otp.",
  "a验证码 码验证码 您的验证码是 123456",
  "Order注文番号 12 xQRコード aQR 코드 xTEL 0301 aNo. 5 No. 5",
  "\u{20000}otp \u{1D7D8}otp \u{1D400}code 𝐎TP otp\u{20000}",
  "Bestätigungscode einmalpasswort xbestätigungscode",
  "кодподтверждения код подтверждения промокод ПРОМОКОД промо код",
  "promo code: SPRING26 · discount-code · coupon  code",
  "sign-in code, log in code, login-code, signin code",
  "reservation hotel booking flight check in itinerary",
  "old code, the previous code, no longer valid, expired",
  "1otp _otp -otp é otp éotp",
];

function sameFinds(text: string): string[] {
  const wrong: string[] = [];
  for (const [name, list] of Object.entries(LISTS)) {
    const scan = new PhraseScan(list);
    const pattern = wordsPattern(list);
    const want = [...text.matchAll(new RegExp(pattern, "giu"))].map((m) => [m.index, m.index + m[0].length]);
    const got = scan.all(text).map((f) => [f.start, f.end]);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${name}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    if (scan.test(text) !== new RegExp(pattern, "iu").test(text)) wrong.push(`${name}: test`);
  }
  return wrong;
}

/** The texts the finder reads of a mail: as sent, and as codeText makes them. */
function textsOf(subject: string | null, text: string | null, html: string | null): string[] {
  const bodies = [text, html ? htmlText(html, 64 * 1024).text : null].filter((b): b is string => !!b);
  return [...bodies, ...bodies.map((b) => codeText(subject, b)), subject ?? ""];
}

describe("PhraseScan finds what the word list's pattern finds", () => {
  it("on the cases where a scan without the lookbehind could part from it", () => {
    const wrong = EDGES.flatMap((t) => sameFinds(t).map((w) => `${JSON.stringify(t)} ${w}`));
    expect(wrong).toEqual([]);
    // and the cases do hold phrases a scan could get wrong, not only text with none
    expect(new PhraseScan(STRONG).all(EDGES[2]).length).toBe(2);
    expect(new PhraseScan(STRONG).all(EDGES[4]).map((f) => f.start)).toEqual([1, 6, 12]);
  });

  it(`on every text of the ${labelledMails.length} labelled mails`, () => {
    const wrong = labelledMails.flatMap((m) =>
      textsOf(m.subject, m.text ?? null, m.html ?? null).flatMap((t) => sameFinds(t).map((w) => `${m.id}: ${w}`)),
    );
    expect(wrong).toEqual([]);
  });

  it.skipIf(!corpusFound)("on every message of the corpus, read as text", () => {
    expect(corpus.length).toBeGreaterThan(150);
    const wrong = corpus.flatMap((file) => {
      const text = new TextDecoder().decode(Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)));
      return sameFinds(text.slice(0, 64 * 1024)).map((w) => `${file.name}: ${w.slice(0, 300)}`);
    });
    expect(wrong).toEqual([]);
  });
});
