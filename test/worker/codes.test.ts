// Verification codes and one-time links, in English and Chinese, and the
// numbers that must not be mistaken for them.
import { describe, expect, it } from "vitest";
import { findCodes } from "../../src/mail/codes";

const codes = (subject: string | null, text: string | null, html: string | null = null) =>
  findCodes(subject, text, html)
    .filter((c) => c.kind === "code")
    .map((c) => c.value);
const links = (text: string | null, html: string | null = null) =>
  findCodes(null, text, html)
    .filter((c) => c.kind === "link")
    .map((c) => c.value);

describe("findCodes", () => {
  it.each([
    ["Your verification code is 482913.", "482913"],
    ["482913 is your verification code.", "482913"],
    ["Your code: 7731", "7731"],
    ["Use 551 204 to sign in.\nThis is your login code.", null],
    ["Enter this one-time passcode:\n\n  ABX-429\n\nIt expires in 10 minutes.", "ABX-429"],
    ["G-318204 is your Google verification code.", "G-318204"],
    ["验证码：839201，5分钟内有效。", "839201"],
    ["您的验证码是 7306，请勿泄露。", "7306"],
    ["【某某】您的登录码为 AB12CD，10 分钟内有效", "AB12CD"],
    ["Your security code is\n\n 004213", "004213"],
  ])("finds the code in %j", (text, expected) => {
    const found = codes(null, text);
    if (expected === null) expect(found).toEqual([]);
    else expect(found[0]).toBe(expected);
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
  ])("does not take %s for a code", (_why, text) => {
    expect(codes(null, text)).toEqual([]);
  });

  it("finds one-time links but not unsubscribe or image links", () => {
    const html =
      '<a href="https://example.com/verify?token=abc&amp;u=1">Verify</a>' +
      '<a href="https://example.com/unsubscribe?u=1">Unsubscribe</a>' +
      '<img src="https://example.com/logo.png"><a href="https://example.com/blog">Blog</a>';
    expect(links(null, html)).toEqual(["https://example.com/verify?token=abc&u=1"]);
    expect(links("Sign in: https://app.example.com/magic-link/XYZ123 (valid 15 min)")).toEqual([
      "https://app.example.com/magic-link/XYZ123",
    ]);
  });
});
