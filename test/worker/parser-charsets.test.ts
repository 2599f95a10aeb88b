// wasm-parser where real mail is odd: charsets workerd's TextDecoder does not
// know (UTF-7, DOS code pages, ASCII spellings, unknown labels), RFC 2231
// parameter continuations and RFC 2047 encoded words.
import { describe, expect, it } from "vitest";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm, wasmParser } from "../../wasm-parser/index";

const encoder = new TextEncoder();

/** RFC 2152 encoder: letters, digits and safe punctuation direct, the rest in modified base64. */
function toUtf7(text: string): string {
  const direct = /[A-Za-z0-9'(),\-./:? \t\r\n!"#$%&*;<=>@[\]^_`{|}]/;
  let out = "";
  let run = "";
  const flush = () => {
    if (!run) return;
    const units: number[] = [];
    for (let i = 0; i < run.length; i++) units.push(run.charCodeAt(i) >> 8, run.charCodeAt(i) & 0xff);
    out += `+${btoa(String.fromCharCode(...units)).replace(/=+$/, "")}-`;
    run = "";
  };
  for (const ch of text) {
    if (ch === "+" && !run) out += "+-";
    else if (direct.test(ch)) {
      flush();
      out += ch;
    } else run += ch;
  }
  flush();
  return out;
}

function mail(headers: string, body: string | Uint8Array): Uint8Array {
  const head = encoder.encode(`From: a@example.com\r\nTo: b@example.com\r\nMessage-ID: <t@x>\r\n${headers}\r\n\r\n`);
  const tail = typeof body === "string" ? encoder.encode(body) : body;
  const raw = new Uint8Array(head.length + tail.length);
  raw.set(head);
  raw.set(tail, head.length);
  return raw;
}

describe("UTF-7", () => {
  const samples = ["Hi Mom -☺-!", "A≢Α.", "日本語", "1 + 1 = 2, a+b", "emoji 😀 and 𝄞 clef", "Grüße, café crème"];

  it.each(samples)("round-trips %s through a text/plain body", (text) => {
    const parsed = parseWithWasm(mail("Content-Type: text/plain; charset=utf-7", `${toUtf7(text)}\r\n`));
    expect(parsed.text).toBe(`${text}\n`);
    expect(parsed.warnings).toEqual([]);
  });

  it("decodes the RFC 2152 examples", () => {
    expect(wasmParser.decodeUtf7(encoder.encode("A+ImIDkQ."))).toBe("A≢Α.");
    expect(wasmParser.decodeUtf7(encoder.encode("Hi Mom -+Jjo--!"))).toBe("Hi Mom -☺-!");
    expect(wasmParser.decodeUtf7(encoder.encode("+ZeVnLIqe-"))).toBe("日本語");
    expect(wasmParser.decodeUtf7(encoder.encode("+-"))).toBe("+");
  });

  it("accepts the unicode-1-1-utf-7 label, in bodies and encoded words", () => {
    const parsed = parseWithWasm(
      mail(`Subject: =?unicode-1-1-utf-7?Q?caf+AOk-?=\r\nContent-Type: text/plain; charset="UNICODE-1-1-UTF-7"`, `${toUtf7("naïve")}\r\n`),
    );
    expect(parsed.subject).toBe("café");
    expect(parsed.text).toBe("naïve\n");
  });

  it("turns broken UTF-7 into replacement characters, not an error", () => {
    expect(wasmParser.decodeUtf7(encoder.encode("+2D3-x"))).toBe("\ufffdx");
  });
});

describe("charsets outside WHATWG", () => {
  it("reads cp850 and cp437 bodies", () => {
    expect(parseWithWasm(mail("Content-Type: text/plain; charset=cp850", new Uint8Array([0x82, 0x9b, 0xd5, 0x0a]))).text).toBe("éøı\n");
    expect(parseWithWasm(mail("Content-Type: text/plain; charset=IBM437", new Uint8Array([0x81, 0xe1, 0x0a]))).text).toBe("üß\n");
    expect(parseWithWasm(mail("Content-Type: text/plain; charset=cp858", new Uint8Array([0xd5, 0x0a]))).text).toBe("€\n");
  });

  it("reads ansi-x3.4-1968 as ASCII without a warning", () => {
    const parsed = parseWithWasm(mail("Content-Type: text/plain; charset=ansi-x3.4-1968", "plain ascii\r\n"));
    expect(parsed.text).toBe("plain ascii\n");
    expect(parsed.warnings).toEqual([]);
  });

  it("guesses x-unknown and none quietly: UTF-8 when valid", () => {
    for (const label of ["x-unknown", "none"]) {
      const parsed = parseWithWasm(mail(`Content-Type: text/plain; charset=${label}`, "Envoyé\r\n"));
      expect(parsed.text).toBe("Envoyé\n");
      expect(parsed.warnings).toEqual([]);
    }
  });

  it("guesses an unknown charset as UTF-8 when the bytes are valid UTF-8, and says so", () => {
    const parsed = parseWithWasm(mail("Content-Type: text/plain; charset=x-made-up", "Grüße\r\n"));
    expect(parsed.text).toBe("Grüße\n");
    expect(parsed.warnings).toEqual(['wasm-parser: unknown charset "x-made-up"; decoded as utf-8']);
  });

  it("falls back to windows-1252 for an unknown charset with invalid UTF-8, and says so", () => {
    const parsed = parseWithWasm(mail("Content-Type: text/plain; charset=klingon", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x80, 0x0a])));
    expect(parsed.text).toBe("café€\n");
    expect(parsed.warnings).toEqual(['wasm-parser: unknown charset "klingon"; decoded as windows-1252']);
  });

  // Labels no decoder should take (or WHATWG's "replacement", which would blank the text) are read as UTF-8, said in a
  // warning; a declared UTF-16 is taken at its word, so ASCII bytes pair up into CJK-looking characters.
  it.each([
    ['"\u00ff\u0000"', "hello\n", "hi", ['wasm-parser: unknown charset "\u00ff\u0000"; decoded as utf-8']],
    ["iso-2022-kr", "hello\n", "hi", ['wasm-parser: unknown charset "iso-2022-kr"; decoded as utf-8']],
    ["replacement", "hello\n", "hi", ['wasm-parser: unknown charset "replacement"; decoded as utf-8']],
    ["utf-16", "\u6568\u6c6c\u0a6f", "\u6968", []],
    ['""', "hello\n", "hi", ['wasm-parser: unknown charset "x"; decoded as utf-8']],
    ["%%%", "hello\n", "hi", ['wasm-parser: unknown charset "%%%"; decoded as utf-8']],
  ])("never fails a message over the charset %s, and says how it read it", (label, text, subject, warnings) => {
    const parsed = parseWithWasm(
      mail(`Subject: =?${label.replace(/"/g, "") || "x"}?B?aGk=?=\r\nContent-Type: text/plain; charset=${label}`, "hello\r\n"),
    );
    expect(parsed.text).toBe(text);
    expect(parsed.subject).toBe(subject);
    expect(parsed.warnings).toEqual(warnings);
  });
});

describe("RFC 2231 parameters", () => {
  const attachment = (disposition: string) =>
    mail(
      'Content-Type: multipart/mixed; boundary="b"',
      `--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: ${disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n`,
    );

  it.each([
    [`attachment; filename*0*=utf-8''%E2%82%AC%20rates; filename*1=".pdf"`, "€ rates.pdf"],
    [`attachment; filename*=iso-8859-1'en'caf%E9.pdf`, "café.pdf"],
    [`attachment; filename*0="Annual Report "; filename*1="2026.pdf"`, "Annual Report 2026.pdf"],
    [`attachment;\r\n filename*1="second.pdf";\r\n filename*0="first-"`, "first-second.pdf"],
    [`attachment; filename="=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?="`, "résumé.pdf"],
  ])("joins %s", async (disposition, filename) => {
    const parsed = parseWithWasm(attachment(disposition));
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].filename).toBe(filename);
    expect(parsed.attachments[0].content).toEqual(encoder.encode("%PDF-"));
    expect((await parseWithPostalMime(attachment(disposition))).attachments[0].filename).toBe(filename);
  });

  it("finds a boundary given as an RFC 2231 parameter", () => {
    const parsed = parseWithWasm(
      mail(`Content-Type: multipart/mixed; boundary*=us-ascii''x%2Dy`, "--x-y\r\nContent-Type: text/plain\r\n\r\ninside\r\n--x-y--\r\n"),
    );
    expect(parsed.text).toBe("inside\n");
  });
});

describe("RFC 2047 encoded words", () => {
  it.each([
    ["=?UTF-8?B?w6nDqQ==?=", "éé"],
    ["=?UTF-8?B?4oKs?= =?UTF-8?B?IDEw?=", "€ 10"],
    // one multibyte character split across two words
    ["=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9_cr=C3=A8me?=", "café crème"],
    ["=?iso-8859-1?q?Gr=FC=DFe?= aus =?ISO-8859-1?Q?K=F6ln?=", "Grüße aus Köln"],
    ["Re: =?windows-1251?B?z/Do4uXy?=", "Re: Привет"],
    ["=?UTF-8*en?Q?tagged?=", "tagged"],
    ["no words here", "no words here"],
    ["=?bogus?Q?stays=20readable?=", "stays readable"],
  ])("decodes %s", async (subject, expected) => {
    const raw = mail(`Subject: ${subject}`, "x\r\n");
    expect(parseWithWasm(raw).subject).toBe(expected);
    expect((await parseWithPostalMime(raw)).subject).toBe(expected);
  });

  it("decodes display names in address headers", () => {
    const parsed = parseWithWasm(
      encoder.encode(
        `From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.com>\r\nTo: =?ISO-8859-1?Q?J=F6rg?= <j@example.com>, "Plain" <p@example.com>\r\nCc: Team: a@example.com, b@example.com;\r\n\r\nx\r\n`,
      ),
    );
    expect(parsed.from).toEqual({ name: "Renée", address: "renee@example.com" });
    expect(parsed.to).toEqual([
      { name: "Jörg", address: "j@example.com" },
      { name: "Plain", address: "p@example.com" },
    ]);
    expect(parsed.cc.map((a) => a.address)).toEqual(["a@example.com", "b@example.com"]);
  });
});
