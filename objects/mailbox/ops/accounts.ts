// Owner operations of passwords and credentials ("sign out everywhere") and of the mail.tm view (pages, one message, the seen flag).
import type { StoredPassword } from "../accounts";
import type { ActiveFacts } from "../lifetime";
import type { MailtmRecord } from "../mailtm-view";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";
import { messageOps } from "./messages";

/**
 * Where a password is set, a credential alone (a share link's, say) is not
 * enough: the key derived from the current password must match. Wrong tries
 * count against the login throttle.
 */
function requireCurrentPassword(p: MailboxParts, current: Uint8Array | null): void {
  if (!p.accounts.hasPassword()) return;
  if (!current) fail("forbidden", "This address has a password: send it as currentPassword.");
  const outcome = p.accounts.check(current);
  if (outcome.ok) return;
  if (outcome.reason === "throttled")
    fail("rate_limited", `Too many wrong passwords; try again in ${outcome.retryAfter} s.`, outcome.retryAfter);
  fail("forbidden", "currentPassword is wrong.");
}

export const accountOps = {
  /** Sets the password; replacing one needs the current one. */
  setPassword(p: MailboxParts, _s: ActiveFacts, password: StoredPassword, current: Uint8Array | null): void {
    requireCurrentPassword(p, current);
    p.accounts.setPassword(password);
  },

  /**
   * Sign out everywhere: a new credential epoch, so every credential of the
   * old one stops working, their sockets and long-polls end, and bound
   * Telegram chats (which hold one) are unbound. The identity stays: message
   * ids and the mail.tm account do not change.
   */
  async revokeCredentials(
    p: MailboxParts,
    s: ActiveFacts,
    current: Uint8Array | null,
  ): Promise<{ epoch: string; mailboxId: string; expiresAt: number }> {
    requireCurrentPassword(p, current);
    const epoch = p.lifetime.rotateEpoch();
    p.live.revoke();
    const released = p.sender.releaseChats(); // reads the chats before they are unbound below
    for (const chat of p.targets.telegramChats()) p.targets.unbindTelegram(chat.chatId, "credentials revoked");
    await released;
    return { epoch, mailboxId: s.mailboxId, expiresAt: s.expiresAt };
  },

  mailtmPage(p: MailboxParts, _s: ActiveFacts, page: number, perPage: number): { records: MailtmRecord[]; total: number } {
    return p.mailtm.page(page, perPage);
  },

  mailtmMessage(p: MailboxParts, _s: ActiveFacts, id: number, full: boolean): MailtmRecord {
    return p.mailtm.one(id, full) ?? fail("not_found", `No message ${id} in this mailbox.`);
  },

  setSeen(p: MailboxParts, s: ActiveFacts, id: number, seen: boolean): MailtmRecord {
    messageOps.markSeen(p, s, id, seen);
    return p.mailtm.one(id, true) ?? fail("not_found", `No message ${id} in this mailbox.`);
  },
};
