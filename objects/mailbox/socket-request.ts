// The upgrade request a socket to the Mailbox travels as: built by the Worker
// from scratch, read again by the object, so no header a client made up
// (partyserver's own `x-partykit-*` among them) ever reaches partyserver.
import { GRANT_HEADER, readGrant } from "./grant";
import type { MailboxGrant } from "./lifetime";

/** Which kind of listener this is: a client's WebSocket, or a mail.tm event stream the Worker holds. */
export const FEED_HEADER = "x-pigeonhole-feed";

export type FeedKind = "socket" | "events";

/** Client headers a WebSocket handshake needs carried through. */
const HANDSHAKE = ["sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions"];

/**
 * A fresh upgrade request: the handshake headers of `client` (if any), the grant
 * the router verified (an address credential's epoch, a user, the admin) and the
 * feed kind, nothing else.
 */
export function socketRequest(url: string, grant: MailboxGrant | string, client?: Headers, feed: FeedKind = "socket"): Request {
  const verified = typeof grant === "string" ? { epoch: grant } : grant;
  const headers = new Headers({ Upgrade: "websocket", [GRANT_HEADER]: JSON.stringify(verified), [FEED_HEADER]: feed });
  for (const name of HANDSHAKE) {
    const value = client?.get(name);
    if (value !== null && value !== undefined) headers.set(name, value);
  }
  return new Request(url, { headers });
}

export function feedOf(req: Request): FeedKind {
  return req.headers.get(FEED_HEADER) === "events" ? "events" : "socket";
}

/** The grant an upgrade carries, or null when it carries none. */
export function grantOf(req: Request): MailboxGrant | null {
  return readGrant(req.headers.get(GRANT_HEADER));
}

/** The same request as the object hands it to partyserver: rebuilt, whoever sent it (the grant was read already). */
export function cleanSocketRequest(req: Request, grant: MailboxGrant): Request {
  return socketRequest(req.url, grant, req.headers, feedOf(req));
}
