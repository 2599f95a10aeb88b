// The code finder against the labelled set (test/fixtures/codes): at least
// 150 mails in at least 8 languages, precision ≥ 98% and recall ≥ 95% counted
// per code, links scored apart and held to the same figures. Both are printed.
import { describe, expect, it } from "vitest";
import { findCodes } from "../../src/mail/codes";
import { labelledMails } from "../fixtures/codes/index";
import { percent, score } from "../fixtures/codes/score";

/** The address inside a From header value. */
const addressOf = (from: string) => from.match(/<([^>]+)>/)?.[1] ?? from;

function extract(mail: (typeof labelledMails)[number]) {
  const found = findCodes({
    subject: mail.subject,
    text: mail.text ?? null,
    html: mail.html ?? null,
    addresses: [addressOf(mail.from), mail.to],
  });
  return {
    codes: found.filter((c) => c.kind === "code").map((c) => c.value),
    links: found.filter((c) => c.kind === "link").map((c) => c.value),
  };
}

describe("labelled set", () => {
  it("has at least 150 uniquely named mails in at least 8 languages, with codes, links and mails with neither", () => {
    const ids = labelledMails.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(150);
    const languages = new Set(labelledMails.map((m) => m.lang));
    expect(languages.size).toBeGreaterThanOrEqual(8);
    expect(labelledMails.filter((m) => m.expectCodes.length > 0).length).toBeGreaterThanOrEqual(80);
    expect(labelledMails.filter((m) => m.expectLinks.length > 0).length).toBeGreaterThanOrEqual(15);
    expect(labelledMails.filter((m) => m.expectCodes.length === 0 && m.expectLinks.length === 0).length).toBeGreaterThanOrEqual(40);
    expect(labelledMails.filter((m) => m.html).length).toBeGreaterThanOrEqual(40);
  });

  it("finds codes with precision ≥ 98% and recall ≥ 95%, and links likewise", () => {
    const result = score(labelledMails, extract);
    const { codes, links } = result;
    console.log(
      `labelled set, ${labelledMails.length} mails: codes precision ${percent(codes.precision)} (${codes.correct}/${codes.offered}), ` +
        `recall ${percent(codes.recall)} (${codes.found}/${codes.expected}); links precision ${percent(links.precision)} ` +
        `(${links.correct}/${links.offered}), recall ${percent(links.recall)} (${links.found}/${links.expected})`,
    );
    for (const w of result.wrong)
      console.log(`  ${w.id} ${w.kind}: offered ${JSON.stringify(w.offered)}, labelled ${JSON.stringify(w.expected)}`);
    expect(codes.precision).toBeGreaterThanOrEqual(0.98);
    expect(codes.recall).toBeGreaterThanOrEqual(0.95);
    expect(links.precision).toBeGreaterThanOrEqual(0.98);
    expect(links.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("offers the labelled code first in every mail where it finds one", () => {
    for (const mail of labelledMails.filter((m) => m.expectCodes.length > 0)) {
      const [first] = extract(mail).codes;
      if (first !== undefined) expect(mail.expectCodes, mail.id).toContain(first);
    }
  });
});
