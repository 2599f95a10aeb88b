// wasm-parser against postal-mime over the corpus (CORPUS_DIR), inside workerd;
// the project's own fixtures are compared in fixtures-parse.test.ts.

import corpus, { corpusFound } from "virtual:corpus";
import { describe, expect, it } from "vitest";
import { parseMail } from "../../src/mail/parse";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm } from "../../wasm-parser/index";
import { differingFields } from "./parser-compare";
import expected from "./parser-parity.expected.json";

const known = expected as Record<string, { fields: string[]; right: string; reason: string }>;

function bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

describe("wasm-parser parity with postal-mime", () => {
  it.skipIf(!corpusFound)(
    "agrees on every corpus message except the reviewed differences, each with its right side and a reason",
    async () => {
      const differences: Record<string, string[]> = {};
      for (const { name, base64 } of corpus) {
        const raw = bytes(base64);
        const fields = await differingFields(parseWithWasm(raw), await parseWithPostalMime(raw));
        if (fields.length) differences[name] = fields;
      }
      // One comparison: no difference unreviewed, none reviewed that is gone, each review complete.
      const reviewed = Object.fromEntries(
        Object.entries(differences).map(([name, fields]) => [
          name,
          { fields, right: expect.stringMatching(/^(wasm-parser|postal-mime)$/), reason: expect.stringMatching(/^.{20,}$/) },
        ]),
      );
      expect(known).toEqual(reviewed);
      const equal = corpus.length - Object.keys(differences).length;
      expect(equal / corpus.length).toBeGreaterThanOrEqual(0.99);
      expect(corpus.length).toBeGreaterThan(150);
    },
  );

  it.skipIf(!corpusFound)("parses the whole corpus with wasm-parser through parseMail", async () => {
    for (const { name, base64 } of corpus) {
      const outcome = await parseMail(bytes(base64));
      expect(outcome.error, name).toBeNull();
      expect(outcome.mail?.parser, name).toBe("wasm-parser");
    }
  });
});
