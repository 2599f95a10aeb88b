// When a user's sessions end, the WebSockets they opened on the user's addresses end with them.
import { ownedAddresses } from "../objects/directory/address-index";
import type { Env } from "./env";

/** Mailboxes told at once: a user may own USER_ADDRESS_LIMIT addresses, each one call. */
const AT_ONCE = 50;

/**
 * Closes (4401) the sockets that `sessionIds` of `userId` opened on every address the user owns,
 * or all of that user's sockets when `sessionIds` is null (the account disabled). A mailbox that
 * cannot be reached is logged, not fatal: the session is ended in the directory already.
 */
export async function closeSessionSockets(env: Env, userId: string, sessionIds: string[] | null): Promise<void> {
  if (sessionIds !== null && sessionIds.length === 0) return;
  const addresses = await ownedAddresses(env.DIRECTORY, userId);
  for (let i = 0; i < addresses.length; i += AT_ONCE) {
    const told = addresses.slice(i, i + AT_ONCE).map((a) => env.MAILBOX.getByName(a.address).endSessions(userId, sessionIds));
    for (const r of await Promise.allSettled(told)) {
      if (r.status === "rejected") console.error("could not close an ended session's sockets", r.reason);
    }
  }
}
