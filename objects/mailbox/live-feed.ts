// LiveFeed: everyone listening to this mailbox (hibernating WebSockets through
// partyserver, and long-poll waiters) and the replay that lets a reconnect miss nothing.
import type { Connection } from "partyserver";
import type { MessageSummary, ServerFrame } from "../../src/contract/wire";
import type { MessageStore } from "./message-store";

/** The part of partyserver's Server the feed uses. */
export interface SocketHub {
  broadcast(message: string): void;
  getConnections(): Iterable<Connection>;
}

type Waiter = (messages: MessageSummary[]) => void;

export class LiveFeed {
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly hub: SocketHub,
    private readonly messages: MessageStore,
  ) {}

  push(frame: ServerFrame): void {
    this.hub.broadcast(JSON.stringify(frame));
  }

  /** A stored delivery: evictions first, then the mail, to sockets and waiting long-polls. */
  announce(summary: MessageSummary, evicted: number[]): void {
    for (const id of evicted) this.push({ type: "deleted", id });
    this.push({ type: "message", message: summary });
    this.release([summary]);
  }

  /**
   * A new socket: hello, then every message after `since`. Synchronous from
   * the first frame to the last: a delivery cannot land between "what was
   * missed" and "what is live", so nothing is missed and nothing is sent twice.
   */
  greet(conn: Connection, address: string, since: number): void {
    send(conn, { type: "hello", address, latestId: this.messages.latestId() });
    for (const message of this.messages.since(since)) send(conn, { type: "message", message });
  }

  /** Long-poll: mail with id > after, as soon as there is any, or [] after the timeout. */
  wait(after: number, timeoutMs: number): Promise<MessageSummary[]> | MessageSummary[] {
    const ready = this.messages.inboxSince(after, 100);
    if (ready.length > 0 || timeoutMs <= 0) return ready;
    return new Promise((resolve) => {
      const done: Waiter = (messages) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(messages);
      };
      const timer = setTimeout(() => done([]), timeoutMs);
      this.waiters.add(done);
    });
  }

  /** The mailbox ended: sockets hear `expired` and close with 4000; long-polls return empty. */
  end(why: "expired" | "deleted"): void {
    for (const conn of this.hub.getConnections()) {
      try {
        send(conn, { type: "expired" });
        conn.close(4000, why === "expired" ? "mailbox expired" : "mailbox deleted");
      } catch {
        // already closing
      }
    }
    this.release([]);
  }

  private release(messages: MessageSummary[]): void {
    for (const w of [...this.waiters]) w(messages);
    this.waiters.clear();
  }
}

function send(conn: Connection, frame: ServerFrame): void {
  conn.send(JSON.stringify(frame));
}
