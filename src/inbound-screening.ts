// What the Worker decides about an inbound mail besides parsing it: the sender's
// authentication verdict and whether it goes to junk; and, for mail it turns away
// before the Mailbox sees it, the record the mailbox's delivery log keeps.
import type { InboundConfig } from "./contract/config";
import type { Delivery, TurnedAway } from "./contract/delivery";
import type { Env } from "./env";
import { readMessageAuth } from "./mail/auth-results";

/** Sets the delivery's `auth` from the receiving service's header, and `junk` when DMARC failed and the deployment quarantines that. */
export function judgeSender(delivery: Delivery, raw: Uint8Array, inbound: InboundConfig): void {
  delivery.auth = readMessageAuth(raw, inbound.authservId);
  delivery.junk = inbound.junkOnDmarcFail && delivery.auth.dmarc === "fail" ? "dmarc_fail" : null;
}

/**
 * Tells the recipient's Mailbox about an attempt refused here. It keeps the record only if
 * it is a live mailbox (a name never claimed stays without storage); the mail itself, not
 * read, never travels. A failure to record never changes what the sender is told.
 */
export async function logTurnedAway(env: Env, address: string, attempt: TurnedAway): Promise<void> {
  await env.MAILBOX.getByName(address)
    .logTurnedAway(attempt)
    .catch((err: unknown) => console.error("could not log a refused delivery", err));
}
