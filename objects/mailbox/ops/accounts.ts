// Owner operations of passwords and of the mail.tm view (pages, one message, the seen flag).
import type { StoredPassword } from "../accounts";
import type { ActiveFacts } from "../lifetime";
import type { MailtmRecord } from "../mailtm-view";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";
import { messageOps } from "./messages";

export const accountOps = {
  setPassword(p: MailboxParts, _s: ActiveFacts, password: StoredPassword): void {
    p.accounts.setPassword(password);
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
