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
  const cost = storageCost(d, bytes);
  // Synchronous from here: no other delivery or socket replay can interleave.
  const room = makeRoom(messages, config, cost);
  if (!room.ok) return room;
  const { evicted } = room;
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

/** What a message costs against the mailbox's cap: raw bytes plus its stored bodies. */
export function storageCost(d: Delivery, bytes: Uint8Array): number {
  return bytes.length + (d.text?.length ?? 0) + (d.html?.length ?? 0);
}

/** Which old messages must go for `cost` more bytes to fit (the full policy decides whether any may). */
export function makeRoom(
  messages: MessageStore,
  config: Config,
  cost: number,
): { ok: true; evicted: number[] } | Extract<DeliveryResult, { ok: false }> {
  const cap = config.mailboxMaxBytes;
  if (cost > cap) {
    return { ok: false, reason: "too_large", message: `Message needs ${cost} bytes; this mailbox holds at most ${cap}.` };
  }
  let used = messages.storedBytes();
  const evicted: number[] = [];
  if (used + cost > cap) {
    if (config.mailboxFullPolicy === "reject") {
      return { ok: false, reason: "mailbox_full", message: "Mailbox is full; delete some mail to receive more." };
    }
    // Young mail is never evicted: a flood of large mails must not flush the code the owner waits for.
    const youngFrom = Date.now() - config.evictMinAgeSeconds * 1000;
    for (const old of messages.oldest()) {
      // Ids follow arrival, so from the first young one on, all are young.
      if (used + cost <= cap || old.receivedAt > youngFrom) break;
      evicted.push(old.id);
      used -= old.storedBytes;
    }
    if (used + cost > cap) {
      return {
        ok: false,
        reason: "mailbox_full",
        message: `Mailbox is full, and the rest of its mail is younger than ${config.evictMinAgeSeconds} s, which is never evicted; try again later.`,
      };
    }
  }
  return { ok: true, evicted };
}
