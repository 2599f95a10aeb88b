// The text the code finder reads (code-text.ts): white space made one space (a lone space
// left alone, every other run collapsed), a table cell break kept as one tab, quoted lines
// dropped, and links, addresses, dates and times blotted out, whether or not a text has an
// "@" (the address pass is skipped without one).
import { describe, expect, it } from "vitest";
import { BLOT, codeText } from "../../src/mail/code-text";

const body = (text: string) => codeText(null, text).split("\n\n")[1];
const blotted = (n: number) => BLOT.repeat(n);

describe("codeText", () => {
  it("collapses every run of white space but line breaks and tabs to one space, and leaves single spaces as they are", () => {
    expect(body("a b c")).toBe("a b c");
    expect(body("a  b   c")).toBe("a b c");
    expect(body("a\u00a0b\u2003\u2003c\u3000d")).toBe("a b c d");
    expect(body("a \u00a0 b\u000b\u000cc")).toBe("a b c");
    expect(body("  a b  ")).toBe("a b");
    expect(body("a\u00a0 b")).toBe("a b");
  });

  it("keeps one tab for a cell break, one blank line between paragraphs, and drops quoted lines", () => {
    expect(body("code\t \t482913")).toBe("code\t482913");
    expect(body("a \tb")).toBe("a\tb");
    expect(codeText(null, "one\n\n\n\ntwo\n> quoted 123456\nthree")).toBe("\n\none\n\ntwo\nthree");
  });

  it("blots out links, addresses, dates and clock times, with or without an address in the text", () => {
    expect(body("see https://x.test/a?c=482913 now")).toBe(`see ${blotted(25)} now`);
    expect(body("write to user482913@x.test today")).toBe(`write to ${blotted(17)} today`);
    expect(body("on 2026-11-29 at 10:45 use 482913")).toBe(`on ${blotted(10)} at ${blotted(5)} use 482913`);
    expect(body("https://u:p@x.test/ and a@b.c")).toBe(`${blotted(19)} and ${blotted(5)}`);
  });
});
