// Damaged mail straight into email(), as production Email Routing hands it
// over: the local HTTP endpoint refuses some of these before our code runs,
// so only this test shows our handler never crashes and never drops them.
import { describe, expect, it } from "vitest";
import { seeded } from "../load/live-client-seed";
import { malformedMail } from "../load/malformed-mail";
import { api, auth, claim, deliver } from "./helpers";

const CASES = 88;

describe("malformed mail through email()", () => {
  it("stores every damaged message, raw byte-identical, readable, with parseError exactly where both parsers give up", async () => {
    const { address, token } = await claim("damaged");
    const random = seeded(7);
    const sent: Uint8Array[] = [];
    for (let n = 0; n < CASES; n++) {
      const raw = malformedMail(random, n, address);
      const out = await deliver(address, raw, "bad@load.example");
      expect(out.rejected, `message ${n}`).toBeNull();
      sent.push(raw);
    }
    const failed: string[] = [];
    for (let id = 1; id <= CASES; id++) {
      const raw = await api(`/api/v1/mailboxes/${address}/messages/${id}/raw`, auth(token));
      expect(raw.status).toBe(200);
      expect(new Uint8Array(await raw.arrayBuffer()), `message ${id}`).toEqual(sent[id - 1]);
      const detail = await api(`/api/v1/mailboxes/${address}/messages/${id}`, auth(token));
      expect(detail.status).toBe(200);
      const d = await detail.json<{ parseError: string | null; attachments: unknown[] }>();
      if (d.parseError !== null) failed.push(`${id}: ${d.parseError}`);
    }
    // Both parsers give up only on multipart nesting deeper than postal-mime's 256 levels
    // (wasm-parser stops at 64 and falls back); every other kind of damage parses.
    const tooDeep = sent.flatMap((raw, i) => {
      const depth = /Subject: nested (\d+)\r\n/.exec(new TextDecoder("latin1").decode(raw))?.[1];
      return depth && Number(depth) > 256 ? [i + 1] : [];
    });
    expect(tooDeep.length).toBeGreaterThan(0);
    expect(failed).toEqual(
      tooDeep.map((id) => `${id}: wasm-parser: depth limit exceeded; postal-mime: Maximum MIME nesting depth of 256 levels exceeded`),
    );
  });
});
