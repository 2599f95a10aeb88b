// Resolves `{address}` in a route to the caller's own Mailbox, or throws 401/403/404.
import { addressParam } from "../address";
import { requireOwner } from "../auth";
import { readConfig } from "../contract/config";
import type { Env } from "../env";
import { type OwnedMailbox, ownedMailbox } from "../mailbox-access";

export async function ownedFromRoute(
  req: Request & { params: Record<string, string> },
  env: Env,
  allowQueryToken = false,
): Promise<OwnedMailbox> {
  const address = addressParam(req.params.address, readConfig(env));
  const cred = await requireOwner(env, req, address, allowQueryToken);
  return ownedMailbox(env, address, cred.epoch);
}
