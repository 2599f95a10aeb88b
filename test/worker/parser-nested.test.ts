// Nested message/rfc822 parts are handled as postal-mime handles them: inline
// ones are parsed and rendered into the body, ten levels deep at most, deeper
// ones and attached ones stay attachments.
import { describe, expect, it } from "vitest";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm } from "../../wasm-parser/index";
import { differingFields } from "./parser-compare";

const encoder = new TextEncoder();

function nestedMessages(levels: number, disposition = ""): Uint8Array {
  let inner = `From: level${levels}@example.com\r\nSubject: level ${levels}\r\nContent-Type: text/plain\r\n\r\ninnermost body\r\n`;
  for (let i = levels - 1; i >= 0; i--) {
    inner =
      `From: level${i}@example.com\r\nTo: t${i}@example.com\r\nSubject: level ${i}\r\nDate: Tue, 25 Nov 2026 10:0${i % 10}:00 +0000\r\n` +
      `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\nContent-Type: text/html\r\n\r\n<p>level ${i}</p>\r\n` +
      `--n${i}\r\nContent-Type: message/rfc822\r\n${disposition}\r\n${inner}\r\n--n${i}--\r\n`;
  }
  return encoder.encode(inner);
}

describe("nested messages", () => {
  it.each([1, 3, 10, 11, 14])("renders %i inline levels as postal-mime does", async (levels) => {
    const raw = nestedMessages(levels);
    const wasm = parseWithWasm(raw);
    expect(await differingFields(wasm, await parseWithPostalMime(raw))).toEqual([]);
    expect(wasm.html).toContain("level 0");
  });

  it("keeps the eleventh level as an attachment", () => {
    const parsed = parseWithWasm(nestedMessages(14));
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(["message/rfc822"]);
    expect(parsed.html).toContain("level 10");
    expect(parsed.html).not.toContain("level 11</p>");
  });

  it("keeps an attached message as an attachment", async () => {
    const raw = nestedMessages(2, 'Content-Disposition: attachment; filename="fwd.eml"\r\n');
    const parsed = parseWithWasm(raw);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(["fwd.eml"]);
    expect(await differingFields(parsed, await parseWithPostalMime(raw))).toEqual([]);
  });
});
