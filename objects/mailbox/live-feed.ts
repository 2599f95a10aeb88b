// LiveFeed: everyone listening to this mailbox (hibernating WebSockets through
// partyserver, and long-poll waiters), the caps on them, and the replay that
// lets a reconnect miss nothing.
import type { Connection } from "partyserver";
import type { Config } from "../../src/contract/config";
import { CLOSE_CREDENTIALS_REVOKED, CLOSE_MAILBOX_ENDED, type MessageSummary, type ServerFrame } from "../../src/contract/wire";
import type { MailboxGrant } from "./lifetime";
import type { MessageStore } from "./message-store";
import { fail } from "./outcome";

/** The part of partyserver's Server the feed uses. */
export interface SocketHub {
  broadcast(message: string, without?: string[]): void;
  getConnections(tag?: string): Iterable<Connection>;
}

type Waiter = (messages: MessageSummary[]) => void;

/** Retry-After of a listener refused at its cap: a long-poll, a WebSocket, a mail.tm event stream. */
export const REFUSED_RETRY_SECONDS = 10;

export class LiveFeed {
  private readonly waiters = new Set<Waiter>();
  /** Waits a request named, so that its client going away can end it (`abandon`). */
  private readonly named = new Map<string, Waiter>();
  /** Names abandoned before their wait began (the two calls can cross); a few at most. */
  private readonly abandoned = new Set<string>();
  /** Sockets whose replay is still paging: frames pushed meanwhile wait here, in order, per socket. */
  private readonly catchingUp = new Map<string, ServerFrame[]>();

  constructor(
    private readonly hub: SocketHub,
    private readonly messages: MessageStore,
    private readonly config: Pick<Config, "replayPageSize" | "waitsPerMailbox">,
  ) {}

  push(frame: ServerFrame): void {
    this.hub.broadcast(JSON.stringify(frame), [...this.catchingUp.keys()]);
    for (const queue of this.catchingUp.values()) queue.push(frame);
  }

  /** A stored delivery: evictions first, then the mail, to sockets, and to waiting long-polls if it is in the inbox (junk ends none). */
  announce(summary: MessageSummary, evicted: number[]): void {
    for (const id of evicted) this.push({ type: "deleted", id });
    this.push({ type: "message", message: summary });
    if (summary.folder === "inbox") this.release([summary]);
  }

  /**
   * A new socket: hello (with the newest id now), then every message after
   * `since` up to that id, a page at a time with other work let in between,
   * then whatever was pushed meanwhile, then live. The hello, the first page
   * and the switch to live each happen in one turn, so nothing is missed and
   * nothing is sent twice.
   */
  async greet(conn: Connection, address: string, since: number): Promise<void> {
    const upTo = this.messages.latestId();
    send(conn, { type: "hello", address, latestId: upTo });
    this.catchingUp.set(conn.id, []);
    try {
      let cursor = since;
      for (;;) {
        const page = this.messages.since(cursor, this.config.replayPageSize, upTo);
        for (const message of page) send(conn, { type: "message", message });
        if (page.length < this.config.replayPageSize) break;
        cursor = page[page.length - 1].id;
        // Let deliveries, reads and other sockets in; what they push is queued for this one.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (conn.readyState !== WebSocket.OPEN) return;
      }
    } finally {
      const queued = this.catchingUp.get(conn.id) ?? [];
      this.catchingUp.delete(conn.id);
      for (const frame of queued) trySend(conn, frame);
    }
  }

  /** Long-poll: mail with id > after, as soon as there is any, or [] after the timeout. */
  wait(after: number, timeoutMs: number, name: string | null = null): Promise<MessageSummary[]> | MessageSummary[] {
    const ready = this.messages.inboxSince(after, 100);
    if (ready.length > 0 || timeoutMs <= 0) return ready;
    if (name !== null && this.abandoned.delete(name)) return [];
    const cap = this.config.waitsPerMailbox;
    if (this.waiters.size >= cap) {
      fail("rate_limited", `This mailbox takes at most ${cap} long-polls at once; try again shortly.`, REFUSED_RETRY_SECONDS);
    }
    return new Promise((resolve) => {
      const done: Waiter = (messages) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        if (name !== null) this.named.delete(name);
        resolve(messages);
      };
      const timer = setTimeout(() => done([]), timeoutMs);
      this.waiters.add(done);
      if (name !== null) this.named.set(name, done);
    });
  }

  /** The client of wait `name` went away: the wait ends empty, so it takes nothing meant for the next one. */
  abandon(name: string): void {
    const waiter = this.named.get(name);
    if (waiter) {
      waiter([]);
      return;
    }
    if (this.abandoned.size >= 100) this.abandoned.clear(); // stale names of waits that had ended anyway
    this.abandoned.add(name);
  }

  /** The mailbox ended: sockets hear `expired` and close with 4000; long-polls return empty. */
  end(why: "expired" | "deleted"): void {
    for (const conn of this.hub.getConnections()) {
      try {
        send(conn, { type: "expired" });
        conn.close(CLOSE_MAILBOX_ENDED, why === "expired" ? "mailbox expired" : "mailbox deleted");
      } catch {
        // already closing
      }
    }
    this.release([]);
  }

  /**
   * Sessions of `userId` ended (signed out, revoked, a password change, the account disabled), or
   * the address left that user's account (`sessionIds` null: all of them). The sockets they opened
   * close with 4401; every other stays. Returns how many closed.
   */
  endSessions(userId: string, sessionIds: string[] | null): number {
    const tags = sessionIds === null ? [`user:${userId}`] : sessionIds.map((id) => `session:${id}`);
    let closed = 0;
    for (const tag of tags) {
      for (const conn of this.hub.getConnections(tag)) {
        // A session tag names its user too: never close another user's socket on a guessed id.
        if (sessionIds !== null && !conn.tags.includes(`user:${userId}`)) continue;
        if (revokeSocket(conn, "session ended")) closed++;
      }
    }
    return closed;
  }

  /** Every credential was revoked: whoever listens holds an old one. Sockets close with 4401; long-polls return empty. */
  revoke(): void {
    for (const conn of this.hub.getConnections()) revokeSocket(conn, "credentials revoked");
    this.release([]);
  }

  private release(messages: MessageSummary[]): void {
    for (const w of [...this.waiters]) w(messages);
    this.waiters.clear();
  }
}

/** The tags a socket carries for the user and session that opened it (none for an address credential). */
export function grantTags(grant: MailboxGrant | null): string[] {
  if (grant === null || !("userId" in grant) || "keyId" in grant) return [];
  return [`user:${grant.userId}`, ...(grant.sessionId ? [`session:${grant.sessionId}`] : [])];
}

/**
 * A `revoked` frame, then close 4401. The frame is what clients act on: the close event can come
 * seconds later (a client waits for the TCP connection to end after the close handshake).
 */
function revokeSocket(conn: Connection, why: string): boolean {
  try {
    send(conn, { type: "revoked" });
    conn.close(CLOSE_CREDENTIALS_REVOKED, why);
    return true;
  } catch {
    return false; // already closing
  }
}

function send(conn: Connection, frame: ServerFrame): void {
  conn.send(JSON.stringify(frame));
}

function trySend(conn: Connection, frame: ServerFrame): void {
  try {
    send(conn, frame);
  } catch {
    // closed meanwhile
  }
}
