// The message counts a Mailbox keeps per folder (folder-counts.ts) instead of counting on
// every mail.tm list and meta read: after every kind of write to `messages` they must equal
// a fresh count, and a transaction that rolls back must not leave its message counted.
import { describe, expect, it } from "vitest";
import { MessageStore } from "../../objects/mailbox/message-store";
import { INBOX, JUNK } from "../../objects/mailbox/placement";
import { buildDelivery } from "../../src/inbound";
import { claim, insideMailbox, rawMessage } from "./helpers";

const SENT = { folder: "sent", status: "queued" } as const;

describe("kept folder counts", () => {
  it("equal a fresh count after stores in every folder, deletes, a rolled-back store and a clear", async () => {
    const { address } = await claim();
    const { delivery, payload } = await buildDelivery(new TextEncoder().encode(rawMessage({ to: address })), {
      from: "s@example.com",
      to: address,
      tag: null,
    });
    const seen = await insideMailbox(address, async (_parts, sql, state) => {
      const store = new MessageStore(sql, state.storage);
      const fresh = () => {
        const rows = sql.exec<{ f: string; c: number }>("SELECT folder AS f, count(*) AS c FROM messages GROUP BY folder").toArray();
        const of = (f: string) => rows.find((r) => r.f === f)?.c ?? 0;
        return { inbox: of("inbox"), total: of("inbox") + of("sent") + of("junk") };
      };
      const kept = () => ({ inbox: store.count(), total: store.stats().count });
      const steps: { step: string; kept: { inbox: number; total: number }; fresh: { inbox: number; total: number } }[] = [];
      const check = (step: string) => steps.push({ step, kept: kept(), fresh: fresh() });
      const put = (placement = INBOX) => store.transaction(() => store.insert(delivery, payload as Uint8Array, 100, placement));

      check("empty");
      const inbox = [put(), put(), put()];
      check("three in the inbox");
      const junk = put(JUNK);
      const sent = put(SENT);
      check("one junk, one sent");
      store.transaction(() => store.delete(inbox[0]));
      store.transaction(() => store.delete(junk));
      check("an inbox and the junk message deleted");
      expect(store.transaction(() => store.delete(junk))).toBe(false);
      check("a delete of a message already gone");
      expect(() =>
        store.transaction(() => {
          store.insert(delivery, payload as Uint8Array, 100, INBOX);
          store.delete(sent);
          throw new Error("rolled back");
        }),
      ).toThrow("rolled back");
      check("a store and a delete rolled back");
      put();
      check("one more after the rollback");
      store.transaction(() => store.clear());
      check("cleared");
      put(SENT);
      check("one sent after the clear");
      return steps;
    });
    for (const s of seen) expect(s.kept, s.step).toEqual(s.fresh);
    // the figures themselves, so a count that is wrong the same way on both sides cannot pass
    expect(seen.map((s) => s.fresh)).toEqual([
      { inbox: 0, total: 0 },
      { inbox: 3, total: 3 },
      { inbox: 3, total: 5 },
      { inbox: 2, total: 3 },
      { inbox: 2, total: 3 },
      { inbox: 2, total: 3 },
      { inbox: 3, total: 4 },
      { inbox: 0, total: 0 },
      { inbox: 0, total: 1 },
    ]);
  });
});
