// The TTL alarm finds expired mail by reading the oldest messages first and stopping a
// minute past the cutoff (message-store.ts, olderThan), instead of reading every row on
// every alarm. Ids follow arrival, but a delivery's time is taken in the Worker before
// it reaches the object, so one mail can overtake another: within that minute nothing
// expired is missed, and a mail overtaken by longer still goes at a later alarm.
import { describe, expect, it } from "vitest";
import { MessageStore } from "../../objects/mailbox/message-store";
import { buildDelivery } from "../../src/inbound";
import { claim, counted, insideMailbox, rawMessage } from "./helpers";

const MINUTE = 60_000;

/** A claimed address and one mail for it, parsed as the Worker would; stored with whatever time a test stamps on it. */
async function mailboxWithMail() {
  const { address } = await claim();
  const { delivery, payload } = await buildDelivery(new TextEncoder().encode(rawMessage({ to: address })), {
    from: "s@example.com",
    to: address,
    tag: null,
  });
  return { address, delivery, payload: payload as Uint8Array };
}

describe("finding expired mail without reading the whole mailbox", () => {
  it("returns exactly what a full scan returns while mail overtakes mail by less than a minute, and reads no further", async () => {
    const { address, delivery, payload } = await mailboxWithMail();
    const found = await insideMailbox(address, async (_parts, sql, state) => {
      const store = new MessageStore(sql, state.storage);
      const t0 = 1_700_000_000_000;
      // arrival order (ids) against the times the Worker stamped: the 2nd and 4th were overtaken
      const stamped = [t0, t0 - 5_000, t0 + 20_000, t0 + 15_000, t0 + 30_000, t0 + 40_000, t0 + 10 * MINUTE, t0 + 11 * MINUTE];
      // and twenty more, later still: the scan must not read them
      for (let i = 0; i < 20; i++) stamped.push(t0 + (20 + i) * MINUTE);
      const ids = stamped.map((receivedAt) => store.transaction(() => store.insert({ ...delivery, receivedAt }, payload, 100)));
      const fullScan = (cutoff: number) => ids.filter((_, i) => stamped[i] <= cutoff);
      const cutoffs = [t0 - 10_000, t0 - 5_000, t0, t0 + 15_000, t0 + 20_000, t0 + 40_000, t0 + 10 * MINUTE];
      const wrong = cutoffs.filter((c) => JSON.stringify(store.olderThan(c)) !== JSON.stringify(fullScan(c)));
      // rows read for one cutoff: the scan stops at the first mail a minute past it
      const scan = await counted(sql, () => store.olderThan(t0 + 40_000));
      return { wrong, oldestAt: store.oldestAt(), cursorRows: scan.read, total: ids.length };
    });
    expect(found.wrong).toEqual([]);
    // the lowest id's time sets the alarm: the overtaken one is 5 s older and goes in the same run
    expect(found.oldestAt).toBe(1_700_000_000_000);
    // six up to the cutoff, the one past the minute and at most one the cursor steps to: not the 28
    expect(found.total).toBe(28);
    expect(found.cursorRows).toBeGreaterThanOrEqual(7);
    expect(found.cursorRows).toBeLessThanOrEqual(8);
  });

  it("takes a mail overtaken by more than a minute at a later alarm, once the scan reaches it", async () => {
    const { address, delivery, payload } = await mailboxWithMail();
    const runs = await insideMailbox(address, (_parts, sql, state) => {
      const store = new MessageStore(sql, state.storage);
      const t0 = 1_700_000_000_000;
      const [a, b, late] = [t0, t0 + 5 * MINUTE, t0 - MINUTE].map((receivedAt) =>
        store.transaction(() => store.insert({ ...delivery, receivedAt }, payload, 100)),
      );
      return { first: store.olderThan(t0), later: store.olderThan(t0 + 5 * MINUTE), ids: [a, b, late] };
    });
    expect(runs.first).toEqual([runs.ids[0]]);
    expect(runs.later).toEqual(runs.ids);
  });
});
