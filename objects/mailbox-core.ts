// MailboxCore: what makes a Mailbox a mailbox. Stores one address's mail in
// SQLite, pushes every change to its hibernating WebSockets, answers
// long-polls, sends its outbox, and expires itself by alarm (no global sweep).
// objects/mailbox.ts adds the RPC methods of the features built on it.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { readConfig, type Config, type Env } from "../src/env";
import type { MailboxMeta, MessageDetail, MessageList, MessageSummary, ServerFrame, AttachmentInfo } from "../src/wire";
import type { Delivery, DeliveryPayload, DeliveryResult } from "./delivery";
import { MessageStore, RAW_PART } from "./message-store";
import { migrate } from "./migrate";
import { MailboxState } from "./mailbox-state";
import { fail, guard, type Outcome } from "./outcome";
import { enqueueNotices } from "./notice";
import { Outbox } from "./outbox";
import { OutboxSender } from "./outbox-sender";
import { AccountStore, type StoredPassword } from "./accounts";
import { MailtmView } from "./mailtm-view";

/** Header by which the router Worker tells the object which credential epoch it verified. */
export const EPOCH_HEADER = "x-pigeonhole-epoch";

export class MailboxCore extends Server<Env> {
  static options = { hibernate: true };

  protected readonly config: Config;
  protected readonly messages: MessageStore;
  protected readonly state: MailboxState;
  protected readonly accounts: AccountStore;
  protected readonly mailtm: MailtmView;
  private readonly waiters = new Set<(messages: MessageSummary[]) => void>();
  protected readonly outbox: Outbox;
  protected readonly sender: OutboxSender;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    migrate(ctx.storage.sql);
    this.messages = new MessageStore(ctx.storage.sql, ctx.storage);
    this.state = new MailboxState(ctx.storage.sql);
    this.outbox = new Outbox(ctx.storage.sql);
    this.sender = new OutboxSender(this.outbox, env, this.config, () => this.name);
    this.accounts = new AccountStore(ctx.storage.sql, this.config.login);
    this.mailtm = new MailtmView(ctx.storage.sql);
    // Answered by the runtime itself: keep-alives never wake a hibernated object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  // ---- lifecycle -------------------------------------------------------

  /** Claims this address. Fails while it is active or quarantined. */
  async create(password?: StoredPassword): Promise<Outcome<{ epoch: string; createdAt: number; expiresAt: number }>> {
    return guard(async () => {
      const s = this.state.read();
      if (s?.state === "active") fail("address_taken", "This address is already taken.");
      if (s?.state === "quarantined" && s.quarantineUntil > Date.now()) {
        fail("address_taken", "This address was recently deleted and cannot be claimed yet.");
      }
      if (s) await this.wipe(); // a quarantine that has run out
      const now = Date.now();
      const created = this.state.activate(now, now + this.config.addressTtlSeconds * 1000);
      if (password) this.accounts.setPassword(password);
      await this.scheduleAlarm();
      return created;
    });
  }

  /** Owner deletes the mailbox: like expiry, but now. */
  async destroy(epoch: string): Promise<Outcome<void>> {
    return guard(async () => {
      this.authorize(epoch);
      await this.retire("deleted");
    });
  }

  // ---- inbound ---------------------------------------------------------

  async deliver(d: Delivery, payload: DeliveryPayload): Promise<DeliveryResult> {
    const bytes = payload instanceof Uint8Array ? payload : new Uint8Array(await new Response(payload).arrayBuffer());
    // Checked after the (possibly streamed) payload is in: the mailbox may have ended meanwhile.
    if (this.state.read()?.state !== "active") {
      return { ok: false, reason: "unknown_address", message: "No such address." };
    }
    const cost = bytes.length + (d.text?.length ?? 0) + (d.html?.length ?? 0);
    const cap = this.config.mailboxMaxBytes;
    if (cost > cap) {
      return { ok: false, reason: "too_large", message: `Message needs ${cost} bytes; this mailbox holds at most ${cap}.` };
    }
    // Everything below is synchronous: one transaction, and no other delivery
    // or socket replay can interleave with it.
    let used = this.messages.storedBytes();
    const evicted: number[] = [];
    if (used + cost > cap) {
      if (this.config.mailboxFullPolicy === "reject") {
        return { ok: false, reason: "mailbox_full", message: "Mailbox is full; delete some mail to receive more." };
      }
      for (const old of this.messages.oldest()) {
        if (used + cost <= cap) break;
        evicted.push(old.id);
        used -= old.storedBytes;
      }
    }
    const summary = this.messages.transaction(() => {
      for (const e of evicted) this.messages.delete(e);
      const summary = MessageStore.summaryOf(this.messages.insert(d, bytes, cost), d);
      // Notifications commit with the message or not at all (DESIGN.md §3 Outbox).
      enqueueNotices(this.outbox, this.name, summary, this.config.publicUrl, Date.now());
      return summary;
    });
    const id = summary.id;
    for (const e of evicted) this.push({ type: "deleted", id: e });
    this.push({ type: "message", message: summary });
    for (const w of this.waiters) w([summary]);
    this.waiters.clear();
    await this.scheduleAlarm(d);
    return { ok: true, id, evicted };
  }

  // ---- owner reads and writes -------------------------------------------

  async meta(epoch: string): Promise<Outcome<MailboxMeta>> {
    return guard(async () => {
      const s = this.authorize(epoch);
      const stats = this.messages.stats();
      return {
        address: this.name,
        createdAt: new Date(s.createdAt).toISOString(),
        expiresAt: new Date(s.expiresAt).toISOString(),
        count: stats.count,
        latestId: stats.latestId,
        storedBytes: stats.storedBytes,
        maxBytes: this.config.mailboxMaxBytes,
      };
    });
  }

  async list(epoch: string, before: number, limit: number): Promise<Outcome<MessageList>> {
    return guard(async () => {
      this.authorize(epoch);
      const page = this.messages.summaries(before, limit + 1);
      const more = page.length > limit;
      const messages = more ? page.slice(0, limit) : page;
      return { messages, nextBefore: more ? messages[messages.length - 1].id : null };
    });
  }

  async message(epoch: string, id: number): Promise<Outcome<MessageDetail>> {
    return guard(async () => {
      this.authorize(epoch);
      return this.messages.detail(id) ?? fail("not_found", `No message ${id} in this mailbox.`);
    });
  }

  async raw(epoch: string, id: number): Promise<Outcome<Uint8Array>> {
    return guard(async () => {
      this.authorize(epoch);
      return this.messages.readBlob(id, RAW_PART) ?? fail("not_found", `No message ${id} in this mailbox.`);
    });
  }

  async attachment(epoch: string, id: number, index: number): Promise<Outcome<{ info: AttachmentInfo; content: Uint8Array }>> {
    return guard(async () => {
      this.authorize(epoch);
      const info = this.messages.attachmentInfo(id, index);
      const content = info && this.messages.readBlob(id, index);
      if (!info || !content) fail("not_found", `No attachment ${index} on message ${id}.`);
      return { info, content };
    });
  }

  async deleteMessage(epoch: string, id: number): Promise<Outcome<void>> {
    return guard(async () => {
      this.authorize(epoch);
      if (!this.messages.delete(id)) fail("not_found", `No message ${id} in this mailbox.`);
      this.push({ type: "deleted", id });
    });
  }

  async clear(epoch: string): Promise<Outcome<void>> {
    return guard(async () => {
      this.authorize(epoch);
      this.messages.clear();
      this.push({ type: "cleared" });
    });
  }

  /** Long-poll: mail with id > after, as soon as there is any, or [] after the timeout. */
  async waitFor(epoch: string, after: number, timeoutMs: number): Promise<Outcome<MessageSummary[]>> {
    return guard(async () => {
      this.authorize(epoch);
      const ready = this.messages.since(after, 100);
      if (ready.length > 0 || timeoutMs <= 0) return ready;
      return new Promise((resolve) => {
        const done = (messages: MessageSummary[]) => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve(messages);
        };
        const timer = setTimeout(() => done([]), timeoutMs);
        this.waiters.add(done);
      });
    });
  }

  // ---- WebSockets --------------------------------------------------------

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
      const s = this.state.read();
      if (s?.state !== "active" || s.epoch !== request.headers.get(EPOCH_HEADER)) {
        return Response.json(
          { error: { code: "unauthorized", message: "Credential is no longer valid for this address." } },
          { status: 401 },
        );
      }
    }
    return super.fetch(request);
  }

  onConnect(conn: Connection, ctx: ConnectionContext): void {
    // Synchronous from here to the last replayed frame: a delivery cannot
    // land between "what was missed" and "what is live", so nothing is
    // missed and nothing is sent twice.
    const since = Number(new URL(ctx.request.url).searchParams.get("since") ?? "0");
    const latestId = this.messages.latestId();
    this.send(conn, { type: "hello", address: this.name, latestId });
    const from = Number.isSafeInteger(since) && since >= 0 ? since : 0;
    for (const message of this.messages.since(from)) this.send(conn, { type: "message", message });
  }

  onMessage(conn: Connection, message: string | ArrayBuffer | ArrayBufferView): void {
    // "ping" is answered by the runtime; anything else gets a gentle reminder.
    if (message !== "ping") conn.send(JSON.stringify({ type: "error", message: "Send \"ping\" to keep alive; nothing else is accepted." }));
  }

  private send(conn: Connection, frame: ServerFrame): void {
    conn.send(JSON.stringify(frame));
  }

  private push(frame: ServerFrame): void {
    this.broadcast(JSON.stringify(frame));
  }

  // ---- expiry ------------------------------------------------------------

  async onAlarm(): Promise<void> {
    const s = this.state.read();
    if (!s) return;
    const now = Date.now();
    if (s.state === "quarantined") {
      if (s.quarantineUntil <= now) await this.wipe();
      else await this.scheduleAlarm();
      return;
    }
    if (s.expiresAt <= now) {
      await this.retire("expired");
      return;
    }
    const cutoff = now - this.config.messageTtlSeconds * 1000;
    for (const id of this.messages.olderThan(cutoff)) {
      this.messages.delete(id);
      this.push({ type: "deleted", id });
    }
    await this.sender.drain();
    await this.scheduleAlarm();
  }

  /**
   * The one place the alarm is set: the earliest of address expiry, the oldest
   * message's TTL and the outbox's next due row (or the quarantine's end).
   * While a drain runs it owns the outbox's share and reschedules when done.
   * A delivery passes its own message's TTL and only ever moves the alarm
   * earlier, so the hot path never scans the messages.
   */
  private async scheduleAlarm(delivered?: { receivedAt: number }): Promise<void> {
    const s = this.state.read();
    if (!s) return;
    const current = await this.ctx.storage.getAlarm();
    const due = this.sender.busy ? null : this.outbox.nextDue();
    const ttl = this.config.messageTtlSeconds * 1000;
    if (delivered && s.state === "active") {
      const next = Math.min(delivered.receivedAt + ttl, due ?? Infinity);
      if (current === null || next < current) await this.ctx.storage.setAlarm(next);
      return;
    }
    let next = s.quarantineUntil;
    if (s.state === "active") {
      const oldest = this.messages.stats().oldestAt;
      next = Math.min(s.expiresAt, oldest === null ? Infinity : oldest + ttl, due ?? Infinity);
    }
    if (current !== next) await this.ctx.storage.setAlarm(next);
  }

  /** Ends this mailbox: tell sockets, drop all mail, keep only a quarantine tombstone. */
  private async retire(why: "expired" | "deleted"): Promise<void> {
    for (const conn of this.getConnections()) {
      try {
        this.send(conn, { type: "expired" });
        conn.close(4000, why === "expired" ? "mailbox expired" : "mailbox deleted");
      } catch {
        // already closing
      }
    }
    for (const w of this.waiters) w([]);
    this.waiters.clear();
    await this.sender.releaseChats();
    await this.wipe();
    const until = Date.now() + this.config.quarantineSeconds * 1000;
    this.state.quarantine(until);
    await this.scheduleAlarm();
  }

  /** Drops every byte this mailbox stored, then lays an empty schema again. */
  private async wipe(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.state.forget();
    this.messages.forget();
    migrate(this.ctx.storage.sql);
  }

  /** Checks the credential's epoch against the live mailbox; 401 otherwise. */
  protected authorize(epoch: string) {
    const s = this.state.read();
    if (s?.state !== "active" || s.epoch !== epoch) {
      fail("unauthorized", "Credential is no longer valid: the mailbox was deleted or has expired.");
    }
    return s;
  }
}
