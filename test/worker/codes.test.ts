// Verification codes and one-time links, one rule at a time: what counts as
// a code, what value is offered (what a person types), and the numbers that
// must not be mistaken for one. The labelled set (codes-labelled.test.ts)
// measures the whole; these say which rule holds.
import { describe, expect, it } from "vitest";
import { findCodes } from "../../src/mail/codes";

const codes = (subject: string | null, text: string | null, html: string | null = null, addresses: string[] = []) =>
  findCodes({ subject, text, html, addresses })
    .filter((c) => c.kind === "code")
    .map((c) => c.value);
const links = (text: string | null, html: string | null = null, subject: string | null = null) =>
  findCodes({ subject, text, html })
    .filter((c) => c.kind === "link")
    .map((c) => c.value);

describe("findCodes", () => {
  it.each([
    ["Your verification code is 482913.", "482913"],
    ["482913 is your verification code.", "482913"],
    ["Your code: 7731", "7731"],
    ["Use 551 204 to sign in.\nThis is your login code.", "551204"],
    ["Enter this one-time passcode:\n\n  ABX-429\n\nIt expires in 10 minutes.", "ABX429"],
    ["G-318204 is your Google verification code.", "318204"],
    ["验证码：839201，5分钟内有效。", "839201"],
    ["您的验证码是 7306，请勿泄露。", "7306"],
    ["【某某】您的登录码为 AB12CD，10 分钟内有效", "AB12CD"],
    ["Your security code is\n\n 004213", "004213"],
  ])("finds the code in %j", (text, expected) => {
    expect(codes(null, text)).toEqual([expected]);
  });

  it("finds a code in the subject and in HTML-only mail", () => {
    expect(codes("Your code is 641100", null)).toEqual(["641100"]);
    expect(codes(null, null, "<p>Your verification code</p><h1 style='x'>918273</h1>")).toEqual(["918273"]);
  });

  it.each([
    ["a date", "Your code expires on 2026-11-30. Code: none"],
    ["a year", "Verification code policy updated in 2026"],
    ["a price", "Your code unlocks $1299.00 off"],
    ["a phone number", "Verification code questions? Call +1 415 555 0199"],
    ["a time", "Your code was sent at 10:45"],
    ["a Chinese date", "验证码于2026年11月26日发送"],
    ["a price in yuan", "验证码 ¥3999"],
    ["no keyword", "Order 123456 has shipped"],
    ["an order number after a code word", "Your verification code for order 12345678 is on its way"],
    ["a promo code", "Use promo code SAVE2026 at checkout"],
    ["a card's last digits", "Security code sent for the card ending in 4417"],
  ])("does not take %s for a code", (_why, text) => {
    expect(codes(null, text)).toEqual([]);
  });

  it("returns what a person types: groups joined, a service prefix dropped", () => {
    expect(codes(null, "Your code: 123 456")).toEqual(["123456"]);
    expect(codes(null, "Your code: 123-456")).toEqual(["123456"]);
    expect(codes(null, "Security code: 7309 5521")).toEqual(["73095521"]);
    expect(codes("FB-48213 is your confirmation code", null)).toEqual(["48213"]);
    expect(codes(null, "Your sign-in code: K7P-2QX")).toEqual(["K7P2QX"]);
    expect(codes(null, "Steam Guard code you need to log in:\n\nF4K2P")).toEqual(["F4K2P"]);
  });

  it("leaves the punctuation and words around a code out of it", () => {
    expect(codes(null, 'Your code is: "729104".')).toEqual(["729104"]);
    expect(codes(null, "Code: 381920—valid for 10 minutes.")).toEqual(["381920"]);
    expect(codes(null, "인증번호 [482913]을 입력해 주세요.")).toEqual(["482913"]);
    expect(codes(null, "Doğrulama kodunuz 482913'tür.")).toEqual(["482913"]);
    expect(codes(null, "認証コードは「６０３９１８」です。")).toEqual(["603918"]);
  });

  it("never takes a token out of a URL", () => {
    expect(codes(null, "Verify: https://example.com/verify/482913?code=551204\nThanks")).toEqual([]);
    expect(codes(null, "Your code is 902114. Or click https://example.com/confirm?code=551823")).toEqual(["902114"]);
  });

  it("reads codes in table cells, one cell per digit, and buttons", () => {
    expect(codes(null, null, "<table><tr><td>Verification code</td><td><b>640271</b></td></tr></table>")).toEqual(["640271"]);
    const cells = [..."739164"].map((d) => `<td>${d}</td>`).join("");
    expect(codes("Sign in", null, `<p>Enter this code to sign in:</p><table><tr>${cells}</tr></table>`)).toEqual(["739164"]);
    expect(codes("Your code", null, '<p>Your sign-in code:</p><a href="https://x.example/v?c=1">264019</a>')).toEqual(["264019"]);
  });

  it("offers the new code, not the one it replaces", () => {
    expect(codes(null, "Your new verification code is 561048.\nThe previous code (193726) no longer works.")).toEqual(["561048"]);
    expect(codes(null, "新しい認証コードは 519372 です。\n以前お送りした認証コード（284610）は無効になりました。")).toEqual(["519372"]);
  });

  it("never offers digits of the mail's own addresses", () => {
    const html = "<p>Signed in as</p><p>7731904</p><p>Your verification code</p><p>615283</p>";
    expect(codes(null, null, html)).toEqual(["615283", "7731904"]);
    expect(codes(null, null, html, ["7731904@pigeonhole.test"])).toEqual(["615283"]);
    expect(codes("SMS from 20931", "20931: Your passcode is 447120.", null, ["20931@txt.example"])).toEqual(["447120"]);
  });

  it("reads the languages mail arrives in", () => {
    expect(codes(null, "Ihr Bestätigungscode lautet: 482913")).toEqual(["482913"]);
    expect(codes(null, "Votre code de vérification est : 482913")).toEqual(["482913"]);
    expect(codes(null, "Tu código de verificación es 482913.")).toEqual(["482913"]);
    expect(codes(null, "Seu código de verificação é: 482913")).toEqual(["482913"]);
    expect(codes(null, "Il tuo codice di verifica è 482913.")).toEqual(["482913"]);
    expect(codes(null, "Ваш код подтверждения: 482913")).toEqual(["482913"]);
    expect(codes(null, "Je verificatiecode is 482913.")).toEqual(["482913"]);
    expect(codes(null, "Twój kod weryfikacyjny to: 482913")).toEqual(["482913"]);
    expect(codes(null, "認証コード：482913")).toEqual(["482913"]);
    expect(codes(null, "Pixelgram 인증 코드는 205918입니다")).toEqual(["205918"]);
  });

  it("finds one-time links but not unsubscribe, help or image links", () => {
    const html =
      '<a href="https://example.com/verify?token=abc&amp;u=1">Verify</a>' +
      '<a href="https://example.com/unsubscribe?u=1">Unsubscribe</a>' +
      '<img src="https://example.com/logo.png"><a href="https://example.com/blog">Blog</a>' +
      '<a href="https://help.example.com/articles/360004829133-verify-email">Why verify?</a>';
    expect(links(null, html)).toEqual(["https://example.com/verify?token=abc&u=1"]);
    expect(links("Sign in: https://app.example.com/magic-link/XYZ123 (valid 15 min)", null, "Sign in to App")).toEqual([
      "https://app.example.com/magic-link/XYZ123",
    ]);
  });

  it("takes a sign-in link from a sign-in mail but not from a newsletter", () => {
    const html = '<a href="https://t.example.com/c/eJx1kM1OwzAQhF9l5Xt8JNg">Log in</a>';
    expect(links(null, html, "Your login link")).toEqual(["https://t.example.com/c/eJx1kM1OwzAQhF9l5Xt8JNg"]);
    expect(links(null, html, "Product news for November")).toEqual([]);
    expect(links("Log in to your dashboard: https://example.com/login", null, "Your login link")).toEqual([]);
  });
});
