// A warm Mailbox answers a repeated first page of a folder from memory (first-pages.ts),
// puts a new message on top of it and patches a changed read mark or status in, instead
// of reading it again. A kept page that outlived a write, or took a new message wrongly,
// would show a deleted mail, miss a new one, keep one too many or an old seen flag: after
// every kind of write MessageStore makes, the page it answers (and the inbox count it
// keeps for mail.tm lists) must equal what a store with nothing kept reads from the table.
import { describe, expect, it } from "vitest";
import { MessageStore } from "../../objects/mailbox/message-store";
import type { MessageFolder } from "../../src/contract/wire";
import { buildDelivery } from "../../src/inbound";
import { claim, insideMailbox, rawMessage } from "./helpers";

const NEWEST = Number.MAX_SAFE_INTEGER;

describe("a folder's first page kept in memory", () => {
  it("is what the table says after every write, in every folder and at every limit asked", async () => {
    const { address } = await claim();
    const deliveries = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        buildDelivery(new TextEncoder().encode(rawMessage({ to: address, subject: `m${i}` })), {
          from: "s@example.com",
          to: address,
          tag: null,
        }),
      ),
    );
    const mismatches = await insideMailbox(address, (_parts, sql, state) => {
      const store = new MessageStore(sql, state.storage);
      const asked: [MessageFolder, number][] = [
        ["inbox", 50],
        ["inbox", 2],
        ["sent", 50],
        ["junk", 50],
      ];
      const wrong: string[] = [];
      let steps = 0;
      // Ask every page twice (the second is the kept one), then compare with a store that keeps nothing.
      const check = (after: string) => {
        steps++;
        for (const [folder, limit] of asked) {
          store.summaryPage(NEWEST, limit, folder);
          const kept = store.summaryPage(NEWEST, limit, folder);
          const fresh = new MessageStore(sql, state.storage).summaryPage(NEWEST, limit, folder);
          if (JSON.stringify(kept) !== JSON.stringify(fresh)) wrong.push(`${after}: ${folder}/${limit}`);
        }
        // the inbox count a mail.tm list answers with, kept the same way
        if (store.count() !== new MessageStore(sql, state.storage).count()) wrong.push(`${after}: inbox count`);
      };
      const put = (i: number, folder: MessageFolder) => {
        const { delivery, payload } = deliveries[i % deliveries.length];
        const status = folder === "sent" ? "queued" : null;
        return store.transaction(() => store.insert(delivery, payload as Uint8Array, 100, { folder, status }));
      };
      check("nothing stored");
      const a = put(0, "inbox");
      const b = put(1, "inbox");
      put(2, "inbox");
      const s = put(3, "sent");
      check("inserts");
      put(1, "junk");
      check("a junk insert");
      store.setSeen(a, true);
      check("seen");
      store.setSeen(a, false);
      check("unseen");
      store.setStatus(s, "failed", "550 no such user");
      check("a sent status");
      store.setForwarded(b, [{ to: "x@example.org", status: "sent", at: 1 }] as never);
      check("forwarded");
      store.delete(b);
      check("a delete");
      // a transaction that fails after its insert leaves the table as it was, and no page that saw the insert
      expect(() =>
        store.transaction(() => {
          put(2, "inbox");
          throw new Error("fails after the insert");
        }),
      ).toThrow("fails after the insert");
      check("a rolled-back insert");
      store.clear();
      check("clear");
      put(0, "inbox");
      check("an insert after clear");
      // storage wiped underneath (retention's wipe): forget() drops what was kept
      sql.exec("DELETE FROM messages");
      store.forget();
      check("a wipe");
      return { wrong, steps };
    });
    expect(mismatches).toEqual({ wrong: [], steps: 12 });
  });
});
