// How the router hands a verified grant to the Mailbox's WebSocket upgrade (RPC calls pass it as an argument).
import type { MailboxGrant } from "./lifetime";

export const GRANT_HEADER = "x-pigeonhole-grant";

export function grantHeader(grant: MailboxGrant): Record<string, string> {
  return { [GRANT_HEADER]: JSON.stringify(grant) };
}

/** The grant a header carries, or null when it is absent or not one. */
export function readGrant(value: string | null): MailboxGrant | null {
  if (!value) return null;
  try {
    const g = JSON.parse(value) as Record<string, unknown>;
    if (typeof g.epoch === "string") return { epoch: g.epoch };
    if (typeof g.userId === "string")
      return typeof g.sessionId === "string" ? { userId: g.userId, sessionId: g.sessionId } : { userId: g.userId };
    if (g.admin === true) return { admin: true };
  } catch {
    // not ours
  }
  return null;
}
