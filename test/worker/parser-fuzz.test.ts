// Bounded fuzz of the parse path inside workerd: seeded mutations of the
// corpus (of the project's fixtures when it is absent) and the hostile
// shapes (deep nesting, huge headers, 100k parts, broken encodings, bad
// charsets). parseMail must never throw, wasm-parser must never trap (only
// limits may send it to postal-mime), time per MB and wasm memory must stay
// bounded. The long run is `npm run fuzz:parser`.

import corpus, { corpusFound } from "virtual:corpus";
import { describe, expect, it } from "vitest";
import { parseMail } from "../../src/mail/parse";
import { defaultWasmParserOptions, WasmParserLimit, wasmParser } from "../../wasm-parser/index";
import { fuzzCases } from "../../wasm-parser/scripts/mutations";
import { mailFixtures } from "../fixtures/mail/index";

const CASES = 1500;
const SEED = 7;

function bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

describe("wasm-parser under fuzzing", () => {
  it(`survives ${CASES} seeded hostile and mutated messages (mutating ${corpusFound ? "the corpus" : "the fixtures"})`, async () => {
    const sources = corpusFound ? corpus.map((c) => bytes(c.base64)) : mailFixtures.map((f) => f.raw);
    const traps: string[] = [];
    const thrown: string[] = [];
    const slow: string[] = [];
    let fallbacks = 0;
    let maxMemory = 0;
    for (const c of fuzzCases(sources, CASES, SEED)) {
      const mb = c.raw.length / 1e6;
      // generous: the point is that nothing goes quadratic or loops
      const bound = 1000 + 2000 * mb;
      let started = Date.now();
      try {
        const outcome = await parseMail(c.raw);
        const ms = Date.now() - started;
        const notes = outcome.mail ? outcome.mail.warnings : [outcome.error];
        for (const note of notes) {
          if (note.startsWith("wasm-parser:") && !/(depth|part|header size) limit exceeded/.test(note) && !note.includes("charset")) {
            traps.push(`${c.name}: ${note}`);
          }
        }
        if (outcome.mail?.parser === "wasm-parser") {
          if (ms > bound) slow.push(`${c.name}: ${ms} ms for ${mb.toFixed(2)} MB`);
        } else {
          // the time above is mostly postal-mime's: time wasm-parser's attempt alone
          fallbacks++;
          started = Date.now();
          expect(() => wasmParser.parseMail(c.raw)).toThrow(WasmParserLimit);
          const wasmMs = Date.now() - started;
          if (wasmMs > bound) slow.push(`${c.name}: wasm-parser gave up after ${wasmMs} ms for ${mb.toFixed(2)} MB`);
        }
      } catch (err) {
        thrown.push(`${c.name}: ${String(err)}`);
      }
      maxMemory = Math.max(maxMemory, wasmParser.memoryBytes);
    }
    expect(thrown).toEqual([]);
    expect(traps).toEqual([]);
    expect(slow).toEqual([]);
    expect(maxMemory).toBeLessThanOrEqual(defaultWasmParserOptions.maxRetainedMemory);
    // the deep nesting and the 100k parts are the only expected fallbacks
    expect(fallbacks).toBeGreaterThanOrEqual(2);
    expect(fallbacks).toBeLessThan(CASES / 20);
  });
});
