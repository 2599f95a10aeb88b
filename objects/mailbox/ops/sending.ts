// Owner operations of outgoing mail: queue a sent message (stored in the sent folder with one
// outbox row per recipient, in one transaction, within the daily quota), and forwarding rules.
import type { Delivery } from "../../../src/contract/delivery";
import type { ForwardRule, SendResponse } from "../../../src/contract/wire";
import type { MailEnvelope } from "../couriers/mail-transport";
import { makeRoom, storageCost } from "../intake";
import type { ActiveFacts } from "../lifetime";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";
import { deliveredSummary } from "../placement";
import { fitBodies } from "../shown-bodies";

/** What the Worker built and checked: the message as stored and sent, and who gets it. */
export interface OutgoingMail {
  delivery: Delivery;
  /** raw bytes, then each attachment's bytes (as for a delivery) */
  payload: Uint8Array;
  /** envelope sender: the address, or a +tag of it */
  from: string;
  /** every envelope recipient (To, Cc, Bcc), each one transport message */
  recipients: string[];
}

export const sendingOps = {
  async queueSend(p: MailboxParts, _s: ActiveFacts, mail: OutgoingMail): Promise<SendResponse> {
    const now = Date.now();
    const quota = p.quota.state(now);
    if (quota.used + mail.recipients.length > quota.limit) {
      fail(
        "send_quota_exceeded",
        `This address may send to ${quota.limit} recipients per UTC day (${quota.used} used); it resets at ${new Date(quota.resetsAt).toISOString()}.`,
      );
    }
    const delivery = fitBodies(mail.delivery, p.config.maxShownBodyBytes);
    const cost = storageCost(delivery, mail.payload.subarray(0, delivery.size));
    const room = makeRoom(p.messages, p.config, cost);
    if (!room.ok) fail("too_large", room.message);
    const placement = { folder: "sent", status: "queued" } as const;
    const summary = p.messages.transaction(() => {
      for (const id of room.evicted) p.messages.delete(id);
      const id = p.messages.insert(delivery, mail.payload, cost, placement);
      p.quota.take(mail.recipients.length, now);
      // The message and what it owes the transport commit together (DESIGN.md §3 Outbox).
      for (const rcpt of mail.recipients) {
        const envelope: MailEnvelope = { from: mail.from, rcpt };
        p.outbox.enqueue(id, "mail", rcpt, envelope, now);
        // Statistics count transport messages, as the quota does (one per recipient).
        p.tally.count("sent", now);
      }
      return deliveredSummary(id, delivery, placement);
    });
    for (const id of room.evicted) p.live.push({ type: "deleted", id });
    p.live.push({ type: "message", message: summary });
    await p.retention.schedule();
    return { id: summary.id, messageId: mail.delivery.messageId ?? "", status: "queued" };
  },

  addForward(p: MailboxParts, _s: ActiveFacts, to: string): ForwardRule {
    const limit = p.config.sending.forwardsPerMailbox;
    return (
      p.forwards.add(to, limit, Date.now()) ?? fail("bad_request", `This mailbox already forwards to ${limit} destinations (the limit).`)
    );
  },

  listForwards(p: MailboxParts): ForwardRule[] {
    return p.forwards.list();
  },

  deleteForward(p: MailboxParts, _s: ActiveFacts, id: string): void {
    if (!p.forwards.delete(id)) fail("not_found", `No forwarding rule ${id} on this mailbox.`);
  },
};
