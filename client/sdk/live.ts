// Live mail over one reconnecting WebSocket (partysocket): every connect asks
// for `since=` the newest id seen, so a reconnect replays exactly what was
// missed, once. A silent connection (sleep, lost Wi-Fi) is noticed and replaced.
import ReconnectingWebSocket from "partysocket/ws";
import { CLOSE_CREDENTIALS_REVOKED, CLOSE_MAILBOX_ENDED, type MessageSummary, type ServerFrame } from "../../src/contract/wire.ts";

export type LinkState = "connecting" | "live" | "offline" | "closed";

export interface SubscribeOptions {
  /** replay every message with a larger id first; default 0. A function is asked again on every connect. */
  since?: number | (() => number);
  onMessage?: (message: MessageSummary) => void;
  onFrame?: (frame: ServerFrame) => void;
  onState?: (state: LinkState) => void;
  /** connection trouble; the subscription keeps reconnecting unless the mailbox is gone */
  onError?: (error: unknown) => void;
  /** the first connect failed, or several in a row did: a refused credential looks like this from a browser */
  onStalled?: () => void;
  /** the mailbox expired or was deleted: no more reconnects */
  onEnd?: () => void;
  /** every credential of the mailbox was revoked ("sign out everywhere" elsewhere): no more reconnects with this one */
  onRevoked?: () => void;
  /** keep-alive interval; a connection silent for this plus 10 s is replaced. Default 25 000 ms. */
  pingMs?: number;
  /** longest wait between reconnects; default 8 000 ms */
  maxBackoffMs?: number;
}

export interface Subscription {
  /** the newest message id seen: the resume point */
  readonly lastId: number;
  /** reconnect at once instead of waiting out the backoff */
  reconnect(): void;
  close(): void;
}

const STALLED_AFTER = 3;

export function subscribeMailbox(url: (since: number) => string, WS: typeof WebSocket, opts: SubscribeOptions): Subscription {
  const since = typeof opts.since === "function" ? opts.since : () => lastId;
  let lastId = typeof opts.since === "number" ? opts.since : 0;
  let closed = false;
  let failures = 0;
  let greeted = false;
  let heard = Date.now();
  const pingMs = opts.pingMs ?? 25_000;
  const state = (s: LinkState) => opts.onState?.(s);

  // The URL is asked for when an attempt starts (after the backoff): the moment we are "connecting".
  const nextUrl = () => {
    state("connecting");
    return url(Math.max(lastId, since()));
  };
  const rws = new ReconnectingWebSocket(nextUrl, [], {
    WebSocket: WS,
    minReconnectionDelay: 250,
    maxReconnectionDelay: opts.maxBackoffMs ?? 8_000,
    reconnectionDelayGrowFactor: 2,
    connectionTimeout: 10_000,
    // Keep-alives sent while disconnected are worthless later.
    maxEnqueuedMessages: 0,
    shouldReconnectOnClose: (e: CloseEvent) => e.code !== CLOSE_MAILBOX_ENDED && e.code !== CLOSE_CREDENTIALS_REVOKED,
  });

  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    rws.close(1000, "done");
    state("closed");
    opts.onEnd?.();
  };
  const revoked = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    rws.close(1000, "revoked");
    state("closed");
    opts.onRevoked?.();
  };

  rws.addEventListener("open", () => {
    heard = Date.now();
    state("live");
  });
  rws.addEventListener("message", (e: MessageEvent) => {
    heard = Date.now();
    const text = typeof e.data === "string" ? e.data : "";
    if (!text.startsWith("{")) return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    // Only a hello proves the server took us.
    if (frame.type === "hello") {
      failures = 0;
      greeted = true;
    }
    if (frame.type === "message") {
      if (frame.message.id <= lastId) return; // a replay may repeat what we already saw
      lastId = frame.message.id;
      opts.onMessage?.(frame.message);
    }
    opts.onFrame?.(frame);
    if (frame.type === "expired") end();
    // The frame before the 4401 close: acted on at once, since the close event may come seconds later.
    if (frame.type === "revoked") revoked();
  });
  rws.addEventListener("error", (e: Event) => opts.onError?.(e));
  rws.addEventListener("close", (e: CloseEvent) => {
    if (closed) return;
    if (e.code === CLOSE_MAILBOX_ENDED) return end();
    if (e.code === CLOSE_CREDENTIALS_REVOKED) return revoked();
    state("offline");
    failures++;
    // A refused upgrade looks like a plain close in browsers: the owner may ask the API why, at once
    // when it never got in (a reloaded tab holding a revoked credential), or after a few in a row.
    if (failures === STALLED_AFTER || (failures === 1 && !greeted)) opts.onStalled?.();
  });

  const ping = setInterval(() => {
    if (rws.readyState !== 1) return;
    if (Date.now() - heard > pingMs + 10_000) {
      heard = Date.now();
      state("offline");
      rws.reconnect();
      return;
    }
    rws.send("ping");
  }, pingMs);

  return {
    get lastId() {
      return lastId;
    },
    reconnect() {
      if (!closed && rws.readyState !== 1) rws.reconnect();
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      rws.close(1000, "done");
      state("closed");
    },
  };
}
