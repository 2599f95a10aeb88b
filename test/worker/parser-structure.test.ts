// wasm-parser's raw layout (mime-structure.ts): each part's header and body as
// byte ranges of the original message, which IMAP serves byte-identically.
import { describe, expect, it } from "vitest";
import { wasmParser } from "../../wasm-parser/index";
import type { MimeStructure } from "../../wasm-parser/mime-structure";
import { mailFixtures } from "../fixtures/mail/index";

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

function view(raw: Uint8Array, p: MimeStructure): unknown {
  return {
    type: p.contentType.value,
    header: latin1(raw.subarray(p.start, p.bodyStart)),
    body: latin1(raw.subarray(p.bodyStart, p.bodyEnd)),
    ...(p.parts.length ? { parts: p.parts.map((c) => view(raw, c)) } : {}),
    ...(p.message ? { message: view(raw, p.message) } : {}),
  };
}

describe("wasm-parser: the raw layout of a message", () => {
  it("gives every part its header and body ranges; the line break before a boundary belongs to the boundary", () => {
    const raw = enc.encode(
      "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\npre\r\n" +
        "--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n\r\n" +
        "--x\r\n\r\nno headers\r\n" +
        "--x\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n" +
        "--x--\r\nepilogue\r\n",
    );
    const s = wasmParser.structure(raw);
    expect(view(raw, s)).toEqual({
      type: "multipart/mixed",
      header: "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n",
      body: latin1(raw.subarray(s.bodyStart)),
      parts: [
        { type: "text/plain", header: "Content-Type: text/plain; charset=utf-8\r\n\r\n", body: "hello\r\n" },
        { type: "text/plain", header: "\r\n", body: "no headers" },
        {
          type: "message/rfc822",
          header: "Content-Type: message/rfc822\r\n\r\n",
          body: "Subject: inner\r\n\r\ninner body",
          message: { type: "text/plain", header: "Subject: inner\r\n\r\n", body: "inner body" },
        },
      ],
    });
    expect(s.parts[0].contentType.params).toEqual({ charset: "utf-8" });
  });

  it("copes with LF-only mail, a header that never ends, and an unterminated multipart", () => {
    const lf = enc.encode("Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>x</p>\n--b--\n");
    expect(view(lf, wasmParser.structure(lf))).toMatchObject({
      parts: [{ type: "text/html", header: "Content-Type: text/html\n\n", body: "<p>x</p>" }],
    });
    const headless = enc.encode("Subject: only a header\r\n");
    expect(view(headless, wasmParser.structure(headless))).toEqual({ type: "text/plain", header: "Subject: only a header\r\n", body: "" });
    const open = enc.encode("Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n\r\nrest of the mail\r\n");
    expect(view(open, wasmParser.structure(open))).toMatchObject({ parts: [{ header: "\r\n", body: "rest of the mail\r\n" }] });
  });

  it.each(mailFixtures.map((f) => [f.name, f.raw] as const))("%s: every part lies inside its parent's body, in order", (_name, raw) => {
    const bytes = typeof raw === "string" ? enc.encode(raw) : raw;
    const check = (p: MimeStructure, lo: number, hi: number) => {
      expect(lo <= p.start && p.start <= p.bodyStart && p.bodyStart <= p.bodyEnd && p.bodyEnd <= hi).toBe(true);
      let at = p.bodyStart;
      for (const c of p.parts) {
        check(c, at, p.bodyEnd);
        at = c.bodyEnd;
      }
      if (p.message) check(p.message, p.bodyStart, p.bodyEnd);
    };
    const s = wasmParser.structure(bytes);
    check(s, 0, bytes.length);
    expect(s.start).toBe(0);
    expect(s.bodyEnd).toBe(bytes.length);
  });
});
