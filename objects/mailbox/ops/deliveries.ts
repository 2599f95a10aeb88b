// Owner operations on inbound mail: the delivery log, and the senders the mailbox refuses.
import type { BlockedSender, BlockedSenderList, DeliveryLog } from "../../../src/contract/delivery-log";
import type { ActiveFacts } from "../lifetime";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";

export const deliveryOps = {
  deliveries(p: MailboxParts, _s: ActiveFacts, limit: number): DeliveryLog {
    return { deliveries: p.deliveryLog.list(limit), keeps: p.config.inbound.deliveryLogSize };
  },

  blockedSenders(p: MailboxParts): BlockedSenderList {
    return { blockedSenders: p.blocked.list(), limit: p.config.inbound.blockedSendersPerMailbox };
  },

  /** `sender` is normalised by the router: a lower-case address, or a domain. */
  blockSender(p: MailboxParts, _s: ActiveFacts, sender: string, kind: "address" | "domain"): BlockedSender {
    const limit = p.config.inbound.blockedSendersPerMailbox;
    return (
      p.blocked.add(sender, kind, limit, Date.now()) ?? fail("bad_request", `This mailbox already blocks ${limit} senders (the limit).`)
    );
  },

  unblockSender(p: MailboxParts, _s: ActiveFacts, sender: string): void {
    if (!p.blocked.remove(sender)) fail("not_found", `${sender} is not blocked here.`);
  },
};
