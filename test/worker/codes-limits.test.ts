// The code finder stays linear on hostile mail: bodies at the message size
// limit made of unclosed tags, digit runs and code words, and a 30,000-digit
// subject, each finish in well under a second (the old regex chain took 4 s
// and more on 160 KB of `<head`, 1 s on the subject), inside workerd.
import { describe, expect, it } from "vitest";
import { buildDelivery } from "../../src/inbound";
import { findCodes } from "../../src/mail/codes";
import { htmlText } from "../../src/mail/html-text";
import { adversarialMails, type ExtractionInput, plainMail } from "../fixtures/codes/adversarial";

const SIZE_LIMIT = 25 * 1024 * 1024; // MAX_MESSAGE_BYTES' default
/** About 10x what the slowest hostile case costs on a busy 2-core machine. */
const BOUND_MS = 500;

function extract(mail: ExtractionInput): { ms: number; codes: string[] } {
  const started = performance.now();
  const found = findCodes({ subject: mail.subject, text: mail.text, html: mail.html });
  if (mail.html) htmlText(mail.html, 4000); // the snippet's pass
  return { ms: performance.now() - started, codes: found.filter((c) => c.kind === "code").map((c) => c.value) };
}

describe("code finder on hostile mail", () => {
  it("reads a plain mail at the size limit quickly", () => {
    extract(plainMail(64 * 1024)); // warm up
    expect(extract(plainMail(SIZE_LIMIT)).ms).toBeLessThan(BOUND_MS);
  });

  it.each(adversarialMails(SIZE_LIMIT).map((m) => [m.name, m] as const))("%s, at the size limit, in well under a second", (_name, mail) => {
    const { ms, codes } = extract(mail);
    expect(ms).toBeLessThan(BOUND_MS);
    // repeated text offers at most the one code it repeats
    expect(codes).toEqual(mail.repeats ? [mail.repeats] : []);
  });

  it("delivers an HTML-only mail of unclosed <head and a 30,000-digit subject in well under a second each", async () => {
    const envelope = { from: "a@example.com", to: "x@pigeonhole.test", tag: null };
    const head = (subject: string, type: string, body: string) =>
      new TextEncoder().encode(
        `From: a@example.com\r\nTo: x@pigeonhole.test\r\nSubject: ${subject}\r\nMessage-ID: <hostile@example.com>\r\n` +
          `MIME-Version: 1.0\r\nContent-Type: ${type}; charset=utf-8\r\n\r\n${body}\r\n`,
      );
    const heads = head("Hello", "text/html", "<head".repeat(32_000)); // 160 KB: 4.0 s of Worker CPU before
    let started = performance.now();
    const html = await buildDelivery(heads, envelope);
    expect(performance.now() - started).toBeLessThan(BOUND_MS * 2);
    expect(html.delivery.codes).toEqual([]);

    const digits = head("1".repeat(30_000), "text/plain", "Your code"); // 1.1 s before
    started = performance.now();
    const subject = await buildDelivery(digits, envelope);
    expect(performance.now() - started).toBeLessThan(BOUND_MS * 2);
    expect(subject.delivery.codes).toEqual([]);
  });
});
