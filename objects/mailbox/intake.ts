// Intake: one inbound delivery stored. The cap and evictions are decided, then
// the message, its blobs and its notifications are written in one transaction.
import type { Config } from "../../src/contract/config";
import type { Delivery, DeliveryResult } from "../../src/contract/delivery";
import type { MessageSummary } from "../../src/contract/wire";
import { deliveredSummary, type MessageStore } from "./message-store";
import { enqueueNotices } from "./notice";
import type { NotificationTargets } from "./notification-targets";
import type { Outbox } from "./outbox";
import type { Tally } from "./tally";

export type Intake = { ok: true; summary: MessageSummary; evicted: number[] } | Extract<DeliveryResult, { ok: false }>;

export function storeDelivery(
  d: Delivery,
  bytes: Uint8Array,
  at: { address: string; messages: MessageStore; outbox: Outbox; targets: NotificationTargets; tally: Tally; config: Config },
): Intake {
  const { messages, config } = at;
  const cost = bytes.length + (d.text?.length ?? 0) + (d.html?.length ?? 0);
  const cap = config.mailboxMaxBytes;
  if (cost > cap) {
    return { ok: false, reason: "too_large", message: `Message needs ${cost} bytes; this mailbox holds at most ${cap}.` };
  }
  // Synchronous from here: no other delivery or socket replay can interleave.
  let used = messages.storedBytes();
  const evicted: number[] = [];
  if (used + cost > cap) {
    if (config.mailboxFullPolicy === "reject") {
      return { ok: false, reason: "mailbox_full", message: "Mailbox is full; delete some mail to receive more." };
    }
    for (const old of messages.oldest()) {
      if (used + cost <= cap) break;
      evicted.push(old.id);
      used -= old.storedBytes;
    }
  }
  const summary = messages.transaction(() => {
    for (const e of evicted) messages.delete(e);
    const summary = deliveredSummary(messages.insert(d, bytes, cost), d);
    // Notifications commit with the message or not at all (DESIGN.md §3 Outbox).
    enqueueNotices(at.outbox, at.targets, at.address, summary, config.publicUrl, Date.now());
    // Counted here, sent to the directory in batches by the alarm: no directory write per mail.
    at.tally.count("received", d.receivedAt);
    return summary;
  });
  return { ok: true, summary, evicted };
}
