// wasm-parser's own body conversions against postal-mime, exactly (not just
// up to whitespace): html to text and text to html when a mail has one kind of
// part beside a group of the other, header blocks of inline nested messages,
// and format=flowed. Then the few inputs where it is meant to differ.
import { describe, expect, it } from "vitest";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm } from "../../wasm-parser/index";

const encoder = new TextEncoder();

/** A text/plain part and a separate text/html part: each body gets the other converted. */
function textAndHtml(html: string, text = "Intro line\r\nwith <angle> & 'quotes'?"): Uint8Array {
  return encoder.encode(
    `From: a@example.com\r\nSubject: conversion\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n` +
      `--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n` +
      `--m\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--m--\r\n`,
  );
}

async function bothBodies(raw: Uint8Array) {
  const wasm = parseWithWasm(raw);
  const postal = await parseWithPostalMime(raw);
  return { wasm: { text: wasm.text, html: wasm.html }, postal: { text: postal.text, html: postal.html } };
}

const HTML_SAMPLES: [string, string][] = [
  [
    "a whole document",
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"><title>T</title><style>p{color:red}</style>\n</head>\n<body style="x">\n<div>Hello <b>world</b>,<br>\nsee <a href="https://x.example/a?b=1&amp;c=2">the link</a>.</div>\n</body>\n</html>',
  ],
  ["lists and rules", "<ul>\n<li>one</li>\n<li> <p>two</p></li>\n<li><i>three</i></ul><hr><HR>after"],
  ["tables", "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>"],
  ["entities", "&lt;tag&gt; &amp;amp; &nbsp;x&nbsp; &#169; &#x1F600; &copy &eacute; &bogus;"],
  ["comments and scripts", "<p>x<!-- hidden --> y</p><script>var s = '<b>';</script>after <script>a()</script>end"],
  ["a comment across lines", "<div>x<!-- multi\r\nline --> y</div>"],
  ["tags across lines", '<div\r\nclass="x">multi-line tag</div><img src="x.png"\r\nalt="pic">caption'],
  ["anchors without href", '<a name="top">top</a> <A HREF="U">upper</A> <a href="">empty</a>'],
  ["text after the body", "<body><p>a</p></body>trailing"],
  ["the last line's closing tags", "<p>a</p>\r\n</body></html>junk"],
  ["a head without a body", "<head><title>no body</title></head>content"],
  ["an unclosed tag", "<p>unclosed <b"],
  ["blank lines", "<br><br><br>text<br><br><br>\r\n\r\n\r\n<p>   spaced \t out   </p>"],
];

describe("body conversions match postal-mime exactly", () => {
  it.each(HTML_SAMPLES)("html to text and text to html: %s", async (_, html) => {
    const { wasm, postal } = await bothBodies(textAndHtml(html));
    expect(wasm).toEqual(postal);
    expect(wasm.text).toMatch(/^Intro line\nwith <angle> & 'quotes'\?\n/);
    expect(wasm.html).toContain("<div>Intro line<br />with &#x3C;angle&#x3E; &#x26; &#x27;quotes&#x27;&#x3F;</div>");
  });

  it("renders a nested message's header block in both bodies", async () => {
    const subject = "A subject long enough to be wrapped in the text header block, past eighty columns for sure";
    const raw = encoder.encode(
      `From: outer@example.com\r\nContent-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nouter text\r\n` +
        `--o\r\nContent-Type: message/rfc822\r\n\r\nFrom: "Ann <A>" <ann@example.com>\r\nTo: x@example.com, Team: b@example.com, c@example.com;\r\n` +
        `Cc: "Q?" <q@example.com>\r\nSubject: ${subject}\r\nDate: Tue, 25 Nov 2026 10:00:00 +0000\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--o--\r\n`,
    );
    const { wasm, postal } = await bothBodies(raw);
    expect(wasm).toEqual(postal);
    expect(wasm.text).toContain("From:    Ann <A> <ann@example.com>\n");
    expect(wasm.html).toContain('<a href="mailto:ann@example.com" class="postal-email-address">Ann &#x3C;A&#x3E;</a>');
  });

  it("keeps an unparseable Date as received in the header block", async () => {
    const raw = encoder.encode(
      `From: o@example.com\r\nContent-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n` +
        `From: i@example.com\r\nDate: the day after tomorrow\r\n\r\nbody\r\n--o--\r\n`,
    );
    const { wasm, postal } = await bothBodies(raw);
    expect(wasm).toEqual(postal);
    expect(wasm.text).toContain("Date: the day after tomorrow\n");
  });

  it.each([
    ["soft breaks", "Hello \r\nworld, \r\n this is flowed.\r\nNew line\r\n", "no"],
    ["DelSp", "Hello \r\nworld \r\n-- \r\nsignature\r\n", "yes"],
    ["space-stuffing", " From here\r\n  two spaces\r\n", "no"],
  ])("reads format=flowed: %s", async (_, body, delsp) => {
    const raw = encoder.encode(`From: a@example.com\r\nContent-Type: text/plain; format=flowed; delsp=${delsp}\r\n\r\n${body}`);
    const { wasm, postal } = await bothBodies(raw);
    expect(wasm).toEqual(postal);
  });
});

describe("where wasm-parser differs on purpose", () => {
  it("keeps the link text of an unquoted href, which postal-mime swallows into the address", async () => {
    const { wasm, postal } = await bothBodies(textAndHtml("<p><a href=https://x.example/>Click here</a> now</p>"));
    expect(wasm.text).toContain(" (https://x.example/) Click here now");
    expect(postal.text).not.toContain("Click here");
  });

  it("reads a '<' that opens no tag as text", async () => {
    const { wasm, postal } = await bothBodies(textAndHtml("<p>1 < 2 and 3 > 2</p>"));
    expect(wasm.text).toContain("1 < 2 and 3 > 2");
    expect(postal.text).not.toContain("and 3");
  });

  it("decodes numeric references 128-159 as windows-1252, as HTML does", async () => {
    const { wasm } = await bothBodies(textAndHtml("<p>&#128; &#150;</p>"));
    expect(wasm.text).toContain("€ –");
  });

  it("ends a flowed paragraph at an empty line (RFC 3676), where postal-mime flows on", async () => {
    const raw = encoder.encode("From: a@example.com\r\nContent-Type: text/plain; format=flowed\r\n\r\nfirst \r\n\r\nsecond\r\n");
    const { wasm, postal } = await bothBodies(raw);
    expect(wasm.text).toBe("first \nsecond\n");
    expect(postal.text).toBe("first second\n");
  });
});
