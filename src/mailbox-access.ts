// Acting on one Mailbox as its owner: the stub, the grant the router
// verified, and typed owner operations whose failures become ApiErrors.

import type { Mailbox } from "../objects/mailbox";
import type { MailboxGrant } from "../objects/mailbox/lifetime";
import type { OpArgs, OpResult, OwnerOp } from "../objects/mailbox/owner-ops";
import type { Success } from "./contract/outcome";
import type { Env } from "./env";
import { unwrap } from "./http/errors";

export interface OwnedMailbox {
  address: string;
  grant: MailboxGrant;
  stub: DurableObjectStub<Mailbox>;
  /** Runs an owner operation (objects/mailbox/ops/); a Failure is thrown as an ApiError. */
  run<K extends OwnerOp>(op: K, ...args: OpArgs<K>): Promise<Success<OpResult<K>>>;
}

/** The RPC as the Worker calls it: the stub's mapped type cannot keep the method's generics. */
interface OwnerRpc {
  owner(grant: MailboxGrant, op: OwnerOp, ...args: unknown[]): Promise<unknown>;
}

export function ownedMailbox(env: Env, address: string, grant: MailboxGrant): OwnedMailbox {
  const stub = env.MAILBOX.getByName(address);
  const rpc = stub as unknown as OwnerRpc;
  return {
    address,
    grant,
    stub,
    run: async (op, ...args) => unwrap(await rpc.owner(grant, op, ...args)) as never,
  };
}
