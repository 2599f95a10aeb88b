// Resolves `{address}` in a route to the caller's own Mailbox, or throws 401/403/404.
import { addressParam } from "../address";
import { requireOwner } from "../auth";
import { readConfig, type Env } from "../env";

export async function ownedMailbox(req: Request & { params: Record<string, string> }, env: Env, allowQueryToken = false) {
  const address = addressParam(req.params.address, readConfig(env));
  const cred = await requireOwner(env, req, address, allowQueryToken);
  return { address, epoch: cred.epoch, mailbox: env.MAILBOX.getByName(address) };
}
