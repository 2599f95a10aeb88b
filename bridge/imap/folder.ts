// One selected folder as a session sees it: what the mailbox holds now (kept
// current by the mailbox's live socket: no polling) and what this client has
// been told (its message numbers), and the untagged responses that close the gap.
import type { MessageSummary, Pigeonhole, ServerFrame, Subscription } from "../../client/sdk/index.ts";
import { Unavailable } from "./sequence-set.ts";

export type FolderName = "INBOX" | "Sent";

export interface MessageState {
  uid: number;
  size: number;
  internalDate: Date;
  /** kept by the mailbox */
  seen: boolean;
  /** \Deleted, \Flagged, \Answered, \Draft: kept by this session only */
  sessionFlags: Set<string>;
  /** the \Seen this client was last told */
  toldSeen: boolean;
}

const PAGE = 100;
const HELLO_WAIT_MS = 15_000;

/** The IMAP folder a summary belongs in (junk is not shown). */
export function folderOf(m: MessageSummary): FolderName | null {
  return m.folder === "inbox" ? "INBOX" : m.folder === "sent" ? "Sent" : null;
}

/** UIDVALIDITY: the mailbox's creation time in seconds, the same for the life of the address and new when a name is claimed again. */
export const uidValidityOf = (createdAt: string) => Math.max(1, Math.floor(Date.parse(createdAt) / 1000));

/** The API's name of an IMAP folder. */
export const apiFolder = (name: FolderName) => (name === "Sent" ? "sent" : "inbox");

export function flagList(state: MessageState): string {
  const flags = [...state.sessionFlags];
  if (state.seen) flags.unshift("\\Seen");
  return flags.join(" ");
}

export class Folder {
  uidValidity = 0;
  uidNext = 1;
  /** why this folder can no longer be followed (the mailbox ended, or its credentials were revoked), or null */
  endReason: string | null = null;
  /** called whenever there is something to tell (an idling session flushes at once) */
  onChange: (() => void) | null = null;
  /** uids in this client's message-number order */
  readonly view: number[] = [];
  private readonly truth = new Map<number, MessageState>();
  /** deleted elsewhere but still numbered for this client until it may hear EXPUNGE */
  private readonly ghosts = new Map<number, MessageState>();
  private subscription: Subscription | null = null;
  private opened = false;
  private syncing: { arrived: Set<number>; deleted: Set<number>; seen: Map<number, boolean> } | null = null;

  private constructor(
    readonly name: FolderName,
    private readonly client: Pigeonhole,
  ) {}

  static async open(client: Pigeonhole, name: FolderName): Promise<Folder> {
    const folder = new Folder(name, client);
    const meta = await client.meta();
    folder.uidValidity = uidValidityOf(meta.createdAt);
    folder.uidNext = meta.latestId + 1;
    await folder.follow(meta.latestId);
    for (const uid of [...folder.truth.keys()].sort((a, b) => a - b)) folder.view.push(uid);
    return folder;
  }

  /** Subscribes, and resolves after the first hello's full listing. */
  private follow(latestId: number): Promise<void> {
    let maxUid = latestId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close();
        reject(new Error("The mailbox's live feed did not answer."));
      }, HELLO_WAIT_MS);
      this.subscription = this.client.subscribe({
        since: () => Math.max(maxUid, ...this.truth.keys()),
        onFrame: (frame) => {
          if (frame.type === "hello") {
            maxUid = Math.max(maxUid, frame.latestId);
            this.sync().then(
              () => {
                clearTimeout(timer);
                this.opened = true;
                resolve();
                this.changed();
              },
              (err) => {
                clearTimeout(timer);
                // Only the first listing can fail the SELECT; a later one is retried on the next hello.
                if (!this.opened) this.close();
                reject(err);
              },
            );
            return;
          }
          this.apply(frame);
        },
        onEnd: () => this.end("This address has expired or was deleted."),
        onRevoked: () => this.end("Signed out everywhere: sign in again."),
        // Refused before the first hello (the mailbox holds as many live feeds as it takes): say so now, not after the wait.
        onStalled: () => {
          if (this.opened) return;
          clearTimeout(timer);
          this.close();
          reject(
            new Unavailable("The mailbox refused another live connection (it holds as many as it takes); close one, or try again later."),
          );
        },
      });
    });
  }

  get ended(): boolean {
    return this.endReason !== null;
  }

  private end(reason: string): void {
    this.endReason ??= reason;
    this.changed();
  }

  private changed(): void {
    this.onChange?.();
  }

  private apply(frame: ServerFrame): void {
    if (frame.type === "message") {
      const m = frame.message;
      this.uidNext = Math.max(this.uidNext, m.id + 1);
      this.syncing?.arrived.add(m.id);
      if (folderOf(m) !== this.name || this.truth.has(m.id)) return;
      this.truth.set(m.id, stateOf(m));
    } else if (frame.type === "deleted") {
      this.syncing?.deleted.add(frame.id);
      this.forget(frame.id);
    } else if (frame.type === "cleared") {
      for (const uid of [...this.truth.keys()]) {
        this.syncing?.deleted.add(uid);
        this.forget(uid);
      }
    } else if (frame.type === "seen") {
      this.syncing?.seen.set(frame.id, frame.seen);
      const state = this.truth.get(frame.id);
      if (state) state.seen = frame.seen;
    } else if (frame.type === "expired") {
      this.endReason ??= "This address has expired or was deleted.";
    }
    this.changed();
  }

  private forget(uid: number): void {
    const state = this.truth.get(uid);
    if (!state) return;
    this.truth.delete(uid);
    if (this.inView(uid)) this.ghosts.set(uid, state);
  }

  /** Lists the whole folder and makes it the truth; frames that arrive meanwhile win over the listing. */
  private async sync(): Promise<void> {
    const overrides = { arrived: new Set<number>(), deleted: new Set<number>(), seen: new Map<number, boolean>() };
    this.syncing = overrides;
    try {
      const listed = new Map<number, MessageState>();
      let before: number | undefined;
      for (;;) {
        const page = await this.client.list({ limit: PAGE, before, folder: apiFolder(this.name) });
        for (const m of page.messages) if (folderOf(m) === this.name) listed.set(m.id, stateOf(m));
        if (page.nextBefore === null) break;
        before = page.nextBefore;
      }
      for (const uid of [...this.truth.keys()]) {
        if (!listed.has(uid) && !overrides.arrived.has(uid)) this.forget(uid);
      }
      for (const [uid, state] of listed) {
        if (overrides.deleted.has(uid)) continue;
        const held = this.truth.get(uid);
        if (held) held.seen = overrides.seen.get(uid) ?? state.seen;
        else this.truth.set(uid, { ...state, seen: overrides.seen.get(uid) ?? state.seen });
        this.uidNext = Math.max(this.uidNext, uid + 1);
      }
    } finally {
      this.syncing = null;
    }
  }

  get exists(): number {
    return this.view.length;
  }

  /** The message number of `uid` for this client, or 0. */
  seqOf(uid: number): number {
    let lo = 0;
    let hi = this.view.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.view[mid] === uid) return mid + 1;
      if (this.view[mid] < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  private inView(uid: number): boolean {
    return this.seqOf(uid) > 0;
  }

  /** A message this client can still name: held, or deleted elsewhere and not yet expunged here. */
  state(uid: number): MessageState | undefined {
    return this.truth.get(uid) ?? this.ghosts.get(uid);
  }

  /** Gone from the mailbox (the client may still hold its number). */
  isGone(uid: number): boolean {
    return !this.truth.has(uid);
  }

  /** This session deleted it: it leaves the truth and the view together. Returns its old message number. */
  expungeOwn(uid: number): number {
    const seq = this.seqOf(uid);
    this.truth.delete(uid);
    this.ghosts.delete(uid);
    if (seq) this.view.splice(seq - 1, 1);
    return seq;
  }

  /**
   * The untagged responses that bring this client up to date: EXPUNGE (only
   * where the protocol allows it, RFC 3501 §7.4.1), EXISTS, and FETCH FLAGS
   * for read marks changed elsewhere.
   */
  flush(allowExpunge: boolean): string[] {
    const out: string[] = [];
    if (allowExpunge) {
      for (let i = this.view.length - 1; i >= 0; i--) {
        if (this.truth.has(this.view[i])) continue;
        this.ghosts.delete(this.view[i]);
        this.view.splice(i, 1);
        out.push(`* ${i + 1} EXPUNGE`);
      }
    }
    const last = this.view[this.view.length - 1] ?? 0;
    const fresh = [...this.truth.keys()].filter((uid) => uid > last).sort((a, b) => a - b);
    if (fresh.length) {
      this.view.push(...fresh);
      out.push(`* ${this.view.length} EXISTS`);
    }
    for (let i = 0; i < this.view.length; i++) {
      const state = this.truth.get(this.view[i]);
      if (!state || state.toldSeen === state.seen) continue;
      state.toldSeen = state.seen;
      out.push(`* ${i + 1} FETCH (UID ${state.uid} FLAGS (${flagList(state)}))`);
    }
    return out;
  }

  /** The live feed stops; nothing of the mailbox is kept after this. */
  close(): void {
    this.subscription?.close();
    this.subscription = null;
    this.onChange = null;
  }
}

function stateOf(m: MessageSummary): MessageState {
  return { uid: m.id, size: m.size, internalDate: new Date(m.receivedAt), seen: m.seen, sessionFlags: new Set(), toldSeen: m.seen };
}
