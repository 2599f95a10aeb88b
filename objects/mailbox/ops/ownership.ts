// Owner operations on who holds the mailbox and for how long: a user adopts or
// releases it, a credential is minted for it, its expiry moves, an admin grants
// a send quota. Each change the directory must know of is queued for it, and
// the row is returned so the router can write it at once.
import type { Config } from "../../../src/contract/config";
import type { MailboxMeta } from "../../../src/contract/wire";
import type { AddressRow } from "../../directory/address-index";
import { type ActiveFacts, NEVER } from "../lifetime";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";
import { messageOps } from "./messages";

/** How long an address a user owns lives from `now`: USER_ADDRESS_TTL_SECONDS, or until deleted when 0. */
export function ownedExpiry(config: Config, now: number): number {
  const ttl = config.accounts.userAddressTtlSeconds;
  return ttl === 0 ? NEVER : now + ttl * 1000;
}

/** Writes new facts and queues the directory's row, in one transaction. */
function change(p: MailboxParts, s: ActiveFacts, owner: string | null, expiresAt: number): AddressRow {
  if (owner !== s.owner) {
    p.lifetime.setOwner(owner);
    // The old owner's sessions no longer open this mailbox: their sockets go too.
    if (s.owner !== null) p.live.endSessions(s.owner, null);
  }
  if (expiresAt !== s.expiresAt) p.lifetime.setExpiry(expiresAt);
  return p.directory.announce({ createdAt: s.createdAt, expiresAt, owner }, "active");
}

export const ownershipOps = {
  /** A user takes the address into their account (the router checked the address's own credential). */
  async adopt(p: MailboxParts, s: ActiveFacts, userId: string): Promise<{ row: AddressRow; expiresAt: number }> {
    if (s.owner !== null && s.owner !== userId) fail("conflict", "This address belongs to another account.");
    const expiresAt = Math.max(s.expiresAt, ownedExpiry(p.config, Date.now()));
    const row = change(p, s, userId, expiresAt);
    await p.retention.schedule();
    return { row, expiresAt };
  },

  /** The owner lets go: the address lives on as any other, at most ADDRESS_TTL_SECONDS from now. */
  async release(p: MailboxParts, s: ActiveFacts): Promise<AddressRow> {
    const expiresAt = Math.min(s.expiresAt, Date.now() + p.config.addressTtlSeconds * 1000);
    const row = change(p, s, null, expiresAt);
    await p.retention.schedule();
    return row;
  },

  /** What a new credential for this mailbox needs (for its owner, or the admin). */
  credential(_p: MailboxParts, s: ActiveFacts): { epoch: string; mailboxId: string; expiresAt: number } {
    return { epoch: s.epoch, mailboxId: s.mailboxId, expiresAt: s.expiresAt };
  },

  /**
   * Moves the expiry: an address nobody owns lives at most ADDRESS_MAX_TTL_SECONDS
   * past its creation; one a user owns, USER_ADDRESS_TTL_SECONDS from now (or forever).
   */
  async extend(p: MailboxParts, s: ActiveFacts, expiresAt: number): Promise<MailboxMeta> {
    const now = Date.now();
    const cap = s.owner !== null ? ownedExpiry(p.config, now) : s.createdAt + p.config.accounts.addressMaxTtlSeconds * 1000;
    if (expiresAt <= now) fail("bad_request", "expiresAt must be in the future.");
    if (expiresAt > cap) fail("bad_request", `expiresAt may be at most ${new Date(cap).toISOString()} for this address.`);
    change(p, s, s.owner, expiresAt);
    await p.retention.schedule();
    return messageOps.meta(p, { ...s, expiresAt });
  },

  /** An admin's grant of this address's own daily send quota; null returns it to the deployment's SEND_DAILY_QUOTA. */
  setSendQuota(p: MailboxParts, _s: ActiveFacts, daily: number | null): { daily: number | null } {
    p.quota.grant(daily, Date.now());
    return { daily };
  },
};
