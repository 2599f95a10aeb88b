// The project's own mail fixtures (test/fixtures/mail) through both parsers
// inside workerd: each parses to what the fixture declares (subject, from,
// text, HTML, attachment bytes), and wasm-parser agrees with postal-mime
// except where the fixture names the difference and its reason.
import { describe, expect, it } from "vitest";
import { parseMail } from "../../src/mail/parse";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm } from "../../wasm-parser/index";
import { mailFixtures } from "../fixtures/mail/index";
import { differingFields } from "./parser-compare";

describe("mail fixtures", () => {
  it("are a few dozen, uniquely named", () => {
    const names = mailFixtures.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(30);
  });

  it.each(mailFixtures.map((f) => [f.name, f] as const))("%s parses to what it declares", async (_name, { raw, expect: want }) => {
    const outcome = await parseMail(raw);
    expect(outcome.error).toBeNull();
    const mail = outcome.mail!;
    expect(mail.parser).toBe("wasm-parser");
    expect(mail.subject).toBe(want.subject);
    expect(mail.from).toEqual(want.from);
    for (const fragment of want.text) expect(mail.text ?? "").toContain(fragment);
    for (const fragment of want.html) expect(mail.html ?? "").toContain(fragment);
    if (want.text.length === 0 && want.html.length === 0) expect(`${mail.text ?? ""}${mail.html ?? ""}`.trim()).toBe("");
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual(want.attachments.map((a) => [a.filename, a.contentType]));
    for (const [i, a] of want.attachments.entries()) {
      expect(mail.attachments[i].content, `attachment ${i}`).toEqual(a.content);
      if (a.contentId !== undefined) expect(mail.attachments[i].contentId).toBe(a.contentId);
      if (a.disposition !== undefined) expect(mail.attachments[i].disposition).toBe(a.disposition);
    }
  });

  it.each(mailFixtures.map((f) => [f.name, f] as const))("%s: wasm-parser and postal-mime agree", async (_name, { raw, expect: want }) => {
    const fields = await differingFields(parseWithWasm(raw), await parseWithPostalMime(raw));
    expect(fields).toEqual(want.parity?.fields ?? []);
    if (want.parity) expect(want.parity.reason.length).toBeGreaterThan(20);
  });
});
