// wasm-parser's limits are explicit and configurable; past one, parseMail
// falls back to postal-mime and says so; when both give up, it returns an
// error instead of throwing.
import { describe, expect, it } from "vitest";
import { parseMail } from "../../src/mail/parse";
import { defaultWasmParserOptions, parseWithWasm, WasmParserLimit } from "../../wasm-parser/index";

const encoder = new TextEncoder();
const head = "From: a@example.com\r\nTo: b@example.com\r\nSubject: limits\r\nMessage-ID: <l@x>\r\n";

function manyParts(n: number): Uint8Array {
  return encoder.encode(
    head +
      'Content-Type: multipart/mixed; boundary="p"\r\n\r\n' +
      "--p\r\nContent-Type: text/plain\r\n\r\npart\r\n".repeat(n) +
      "--p--\r\n",
  );
}

function nested(depth: number): Uint8Array {
  let s = `${head}Content-Type: multipart/mixed; boundary=b0\r\n\r\n`;
  for (let i = 1; i <= depth; i++) s += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary=b${i}\r\n\r\n`;
  return encoder.encode(`${s}--b${depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n`);
}

describe("wasm-parser limits", () => {
  it("exports its defaults", () => {
    expect(defaultWasmParserOptions).toMatchObject({ maxDepth: 64, maxParts: 10_000, maxHeaderBytes: 2 * 1024 * 1024 });
    expect(Object.isFrozen(defaultWasmParserOptions)).toBe(true);
  });

  it("refuses a limit that is not a non-negative integer instead of ignoring it", async () => {
    expect(() => parseWithWasm(manyParts(2), { maxParts: Number.NaN })).toThrow(TypeError);
    expect(() => parseWithWasm(manyParts(2), { maxDepth: -1 })).toThrow(TypeError);
    const outcome = await parseMail(manyParts(2), { maxParts: "5" as unknown as number });
    expect(outcome.mail?.parser).toBe("postal-mime");
  });

  it("stops at the part limit and parseMail falls back to postal-mime, saying so", async () => {
    expect(() => parseWithWasm(manyParts(60), { maxParts: 50 })).toThrow(WasmParserLimit);
    const outcome = await parseMail(manyParts(60), { maxParts: 50 });
    expect(outcome.mail?.parser).toBe("postal-mime");
    expect(outcome.mail?.warnings).toEqual(["wasm-parser: part limit exceeded; fell back to postal-mime"]);
    expect(outcome.mail?.text?.split("\n").filter((l) => l === "part")).toHaveLength(60);
  });

  it("parses within the limits itself", async () => {
    const outcome = await parseMail(manyParts(60));
    expect(outcome.mail?.parser).toBe("wasm-parser");
    expect(outcome.mail?.warnings).toEqual([]);
  });

  it("stops at the nesting depth limit", async () => {
    const outcome = await parseMail(nested(100));
    expect(outcome.mail?.parser).toBe("postal-mime");
    expect(outcome.mail?.warnings).toEqual(["wasm-parser: depth limit exceeded; fell back to postal-mime"]);
    expect(outcome.mail?.text).toBe("deep\n");
    expect((await parseMail(nested(100), { maxDepth: 128 })).mail?.parser).toBe("wasm-parser");
  });

  it("stops at the header size limit", async () => {
    const raw = encoder.encode(`${head}X-Big: ${"a".repeat(5000)}\r\n\r\nbody\r\n`);
    const outcome = await parseMail(raw, { maxHeaderBytes: 4096 });
    expect(outcome.mail?.parser).toBe("postal-mime");
    expect(outcome.mail?.warnings).toEqual(["wasm-parser: header size limit exceeded; fell back to postal-mime"]);
  });

  it("returns an error, not a throw, when postal-mime gives up too", async () => {
    const outcome = await parseMail(nested(10_000));
    expect(outcome.mail).toBeNull();
    expect(outcome.error).toMatch(/^wasm-parser: depth limit exceeded; postal-mime: .*nesting depth/);
  });

  it("falls back to postal-mime when wasm-parser fails mid-parse (not at a limit), saying so", async () => {
    // Nested messages, their depth limit lifted: wasm-parser runs out of stack,
    // postal-mime parses 10 levels and keeps the rest as an attachment.
    const levels = "Content-Type: message/rfc822\r\n\r\n".repeat(4000);
    const raw = encoder.encode(`${head}Content-Type: message/rfc822\r\n\r\n${levels}innermost\r\n`);
    expect(() => parseWithWasm(raw, { maxMessageDepth: 1_000_000 })).toThrow(RangeError);
    const outcome = await parseMail(raw, { maxMessageDepth: 1_000_000 });
    expect(outcome.error).toBeNull();
    expect(outcome.mail?.parser).toBe("postal-mime");
    expect(outcome.mail?.warnings).toEqual(["wasm-parser: Maximum call stack size exceeded; fell back to postal-mime"]);
  });

  it("starts over with a fresh instance after a failure inside wasm", () => {
    // with the depth limit lifted, 100k levels overflow the stack mid-parse
    let failure: unknown = null;
    try {
      parseWithWasm(nested(100_000), { maxDepth: 1_000_000, maxParts: 1_000_000, maxHeaderBytes: 1 << 30 });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(WasmParserLimit);
    const parsed = parseWithWasm(manyParts(3));
    expect(parsed.parser).toBe("wasm-parser");
    expect(parsed.text).toBe("part\n\npart\n\npart\n");
  });
});
