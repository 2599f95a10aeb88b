// The upgrade request a socket to the Mailbox travels as: built by the Worker
// from scratch, read again by the object, so no header a client made up
// (partyserver's own `x-partykit-*` among them) ever reaches partyserver.

/** The credential epoch the router Worker verified. */
export const EPOCH_HEADER = "x-pigeonhole-epoch";
/** Which kind of listener this is: a client's WebSocket, or a mail.tm event stream the Worker holds. */
export const FEED_HEADER = "x-pigeonhole-feed";

export type FeedKind = "socket" | "events";

/** Client headers a WebSocket handshake needs carried through. */
const HANDSHAKE = ["sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions"];

/** A fresh upgrade request: the handshake headers of `client` (if any), the epoch and the feed kind, nothing else. */
export function socketRequest(url: string, epoch: string, client?: Headers, feed: FeedKind = "socket"): Request {
  const headers = new Headers({ Upgrade: "websocket", [EPOCH_HEADER]: epoch, [FEED_HEADER]: feed });
  for (const name of HANDSHAKE) {
    const value = client?.get(name);
    if (value !== null && value !== undefined) headers.set(name, value);
  }
  return new Request(url, { headers });
}

export function feedOf(req: Request): FeedKind {
  return req.headers.get(FEED_HEADER) === "events" ? "events" : "socket";
}

/** The same request as the object hands it to partyserver: rebuilt, whoever sent it. */
export function cleanSocketRequest(req: Request): Request {
  return socketRequest(req.url, req.headers.get(EPOCH_HEADER) ?? "", req.headers, feedOf(req));
}
