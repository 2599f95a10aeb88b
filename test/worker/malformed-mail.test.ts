// Damaged mail straight into email(), as production Email Routing hands it
// over: the local HTTP endpoint refuses some of these before our code runs,
// so only this test shows our handler never crashes and never drops them.
import { describe, expect, it } from "vitest";
import { seeded } from "../load/live-client-seed";
import { malformedMail } from "../load/malformed-mail";
import { api, auth, claim, deliver } from "./helpers";

const CASES = 88;

describe("malformed mail through email()", () => {
  it("stores every damaged message, raw byte-identical, readable, with parseError when the parser gives up", async () => {
    const { address, token } = await claim("damaged");
    const random = seeded(7);
    const sent: Uint8Array[] = [];
    for (let n = 0; n < CASES; n++) {
      const raw = malformedMail(random, n, address);
      const out = await deliver(address, raw, "bad@load.example");
      expect(out.rejected, `message ${n}`).toBeNull();
      sent.push(raw);
    }
    for (let id = 1; id <= CASES; id++) {
      const raw = await api(`/api/v1/mailboxes/${address}/messages/${id}/raw`, auth(token));
      expect(raw.status).toBe(200);
      expect(new Uint8Array(await raw.arrayBuffer()), `message ${id}`).toEqual(sent[id - 1]);
      const detail = await api(`/api/v1/mailboxes/${address}/messages/${id}`, auth(token));
      expect(detail.status).toBe(200);
      const d = await detail.json<{ parseError: string | null; attachments: unknown[] }>();
      expect(d.parseError === null || d.parseError.length > 0).toBe(true);
    }
  });
});
