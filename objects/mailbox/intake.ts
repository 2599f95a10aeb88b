// Intake: one inbound delivery stored. The sender is checked against the owner's
// blocks, the cap and evictions are decided, then the message, its blobs, its
// notifications and its delivery-log row are written in one transaction. A refused
// delivery leaves only its log row.
import type { Config } from "../../src/contract/config";
import type { Delivery, Refusal } from "../../src/contract/delivery";
import type { MessageSummary } from "../../src/contract/wire";
import type { BlockedSenders } from "./blocked-senders";
import { attemptOf, type DeliveryLog } from "./delivery-log";
import type { MessageStore } from "./message-store";
import { enqueueNotices } from "./notice";
import type { NotificationTargets } from "./notification-targets";
import type { Outbox } from "./outbox";
import { deliveredSummary, INBOX, JUNK } from "./placement";
import { fitBodies } from "./shown-bodies";
import type { Tally } from "./tally";

export type Intake = { ok: true; summary: MessageSummary; evicted: number[] } | Refusal;

export interface IntakeParts {
  address: string;
  messages: MessageStore;
  outbox: Outbox;
  targets: NotificationTargets;
  tally: Tally;
  config: Config;
  blocked: BlockedSenders;
  deliveryLog: DeliveryLog;
}

export function storeDelivery(received: Delivery, bytes: Uint8Array, at: IntakeParts): Intake {
  const { messages, config, deliveryLog: log } = at;
  const d = fitBodies(received, config.maxShownBodyBytes);
  const admitted = admit(d, bytes, at);
  if (!admitted.ok) {
    log.record(attemptOf(d, "rejected", admitted.reason, admitted.message, null));
    return admitted;
  }
  const { evicted, cost } = admitted;
  const placement = d.junk ? JUNK : INBOX;
  const summary = messages.transaction(() => {
    for (const e of evicted) messages.delete(e);
    const summary = deliveredSummary(messages.insert(d, bytes, cost, placement), d, placement);
    // Notifications commit with the message or not at all (DESIGN.md §3 Outbox); junk is announced to no one.
    if (!d.junk) enqueueNotices(at.outbox, at.targets, at.address, summary, config.publicUrl, Date.now());
    log.record(attemptOf(d, d.junk ? "junk" : "accepted", d.junk, null, summary.id));
    // Counted here, sent to the directory in batches by the alarm: no directory write per mail.
    at.tally.count("received", d.receivedAt);
    return summary;
  });
  return { ok: true, summary, evicted };
}

/** Whether the mail may be stored: its sender not blocked, and room for it (by evicting which messages). */
function admit(d: Delivery, bytes: Uint8Array, at: IntakeParts): { ok: true; evicted: number[]; cost: number } | Refusal {
  const rule = at.blocked.match([d.envelopeFrom, d.from?.address]);
  if (rule) {
    const what = rule.kind === "domain" ? `the domain ${rule.sender}` : rule.sender;
    return { ok: false, reason: "blocked_sender", message: `The owner of this address blocks mail from ${what}.` };
  }
  // Synchronous from here to the write: no other delivery or socket replay can interleave.
  const cost = storageCost(d, bytes);
  const room = makeRoom(at.messages, at.config, cost);
  return room.ok ? { ...room, cost } : room;
}

/** What a message costs against the mailbox's cap: raw bytes plus its stored bodies. */
export function storageCost(d: Delivery, bytes: Uint8Array): number {
  return bytes.length + (d.text?.length ?? 0) + (d.html?.length ?? 0);
}

/** Which old messages must go for `cost` more bytes to fit (the full policy decides whether any may). */
export function makeRoom(messages: MessageStore, config: Config, cost: number): { ok: true; evicted: number[] } | Refusal {
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
        reason: "young_mail",
        message: `Mailbox is full, and the rest of its mail is younger than ${config.evictMinAgeSeconds} s, which is never evicted; try again later.`,
      };
    }
  }
  return { ok: true, evicted };
}
