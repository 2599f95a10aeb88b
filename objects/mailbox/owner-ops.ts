// Every operation an owner may run on their Mailbox, by name: what
// `Mailbox.owner(epoch, op, …args)` dispatches to once the epoch is checked.
import type { ActiveFacts } from "./lifetime";
import { accountOps } from "./ops/accounts";
import { deliveryOps } from "./ops/deliveries";
import { messageOps } from "./ops/messages";
import { sendingOps } from "./ops/sending";
import { targetOps } from "./ops/targets";
import type { MailboxParts } from "./parts";

export const OWNER_OPS = { ...messageOps, ...targetOps, ...accountOps, ...sendingOps, ...deliveryOps };

export type OwnerOps = typeof OWNER_OPS;
export type OwnerOp = keyof OwnerOps;

/** The arguments an operation takes after the mailbox and its facts. */
export type OpArgs<K extends OwnerOp> = OwnerOps[K] extends (p: MailboxParts, s: ActiveFacts, ...args: infer A) => unknown ? A : never;

/** What an operation answers, once awaited. */
export type OpResult<K extends OwnerOp> = Awaited<ReturnType<OwnerOps[K]>>;
