// Every operation an owner may run on their Mailbox, by name: what
// `Mailbox.owner(grant, op, …args)` dispatches to once the grant is checked.
import type { ActiveFacts } from "./lifetime";
import { accountOps } from "./ops/accounts";
import { codeOps } from "./ops/codes";
import { deliveryOps } from "./ops/deliveries";
import { messageOps } from "./ops/messages";
import { ownershipOps } from "./ops/ownership";
import { sendingOps } from "./ops/sending";
import { targetOps } from "./ops/targets";
import type { MailboxParts } from "./parts";

export const OWNER_OPS = { ...messageOps, ...targetOps, ...accountOps, ...sendingOps, ...ownershipOps, ...deliveryOps, ...codeOps };

export type OwnerOps = typeof OWNER_OPS;
export type OwnerOp = keyof OwnerOps;

/** The arguments an operation takes after the mailbox and its facts. */
export type OpArgs<K extends OwnerOp> = OwnerOps[K] extends (p: MailboxParts, s: ActiveFacts, ...args: infer A) => unknown ? A : never;

/** What an operation answers, once awaited. */
export type OpResult<K extends OwnerOp> = Awaited<ReturnType<OwnerOps[K]>>;
