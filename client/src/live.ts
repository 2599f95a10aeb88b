// The live connection to one mailbox: a WebSocket that reconnects on its own
// and resumes with `since=` the highest id seen, so nothing is missed or repeated.
import type { ServerFrame } from "../../src/contract/wire";
import { socketUrl } from "./api";

export type LinkState = "connecting" | "live" | "offline" | "closed";

export interface LiveHandlers {
  frame(frame: ServerFrame): void;
  state(state: LinkState): void;
  /** The server ended the mailbox (close 4000: expired or deleted). */
  ended(): void;
  /** Several connects failed in a row: the owner may check whether the credential still holds. */
  stalled(): void;
  /** Highest message id the inbox holds: the resume point. */
  since(): number;
}

const PING_MS = 25_000;
/** No pong (or anything) this long after a ping: the connection is dead without having closed (sleep, lost Wi-Fi). */
const SILENCE_MS = PING_MS + 10_000;
const MAX_BACKOFF_MS = 8_000;

export class LiveInbox {
  private ws: WebSocket | null = null;
  private stopped = false;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;
  private readonly wake = () => this.reconnectNow();

  constructor(
    private readonly address: string,
    private readonly token: string,
    private readonly on: LiveHandlers,
  ) {
    addEventListener("online", this.wake);
    addEventListener("visibilitychange", this.wake);
    this.connect();
  }

  close(): void {
    this.stopped = true;
    removeEventListener("online", this.wake);
    removeEventListener("visibilitychange", this.wake);
    clearTimeout(this.retry);
    this.drop();
    this.on.state("closed");
  }

  retryNow(): void {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retry);
    this.connect();
  }

  private drop(): void {
    clearInterval(this.ping);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = ws.onerror = null;
      ws.close();
    }
  }

  private reconnectAfterSilence(): void {
    this.drop();
    this.on.state("offline");
    this.retry = setTimeout(() => this.connect(), 0);
  }

  private reconnectNow(): void {
    if (this.stopped || this.ws || document.visibilityState === "hidden") return;
    clearTimeout(this.retry);
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    this.on.state("connecting");
    const ws = new WebSocket(socketUrl(this.address, this.token, this.on.since()));
    this.ws = ws;
    let heard = Date.now();
    ws.onopen = () => {
      this.on.state("live");
      this.ping = setInterval(() => {
        if (Date.now() - heard > SILENCE_MS) return this.reconnectAfterSilence();
        if (ws.readyState === WebSocket.OPEN) ws.send("ping");
      }, PING_MS);
    };
    ws.onmessage = (ev) => {
      heard = Date.now();
      if (ev.data === "pong" || typeof ev.data !== "string") return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data);
      } catch {
        return;
      }
      // Only a hello proves the server took us: reset the backoff then, not on open.
      if (frame.type === "hello") this.failures = 0;
      this.on.frame(frame);
    };
    ws.onclose = (ev) => {
      clearInterval(this.ping);
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === 4000) {
        this.stopped = true;
        this.on.ended();
        return;
      }
      this.on.state("offline");
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 6));
      this.failures++;
      // A refused upgrade looks like a plain close in browsers; after a few, ask the API why.
      if (this.failures === 3) this.on.stalled();
      this.retry = setTimeout(() => this.connect(), delay);
    };
  }
}
