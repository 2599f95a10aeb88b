// Mailbox: the Durable Object of one address (`env.MAILBOX.getByName(address)`),
// the single source of truth for its mail. This class is its RPC surface and
// its partyserver hooks; the work is done by its parts in objects/mailbox/.
import { type Connection, type ConnectionContext, Server } from "partyserver";
import { parseConfig } from "../src/contract/config";
import type { Delivery, DeliveryPayload, DeliveryResult, TurnedAway } from "../src/contract/delivery";
import { ERROR_STATUS } from "../src/contract/errors";
import { isFailure, type Outcome } from "../src/contract/outcome";
import type { ForwardAttempt } from "../src/contract/wire";
import type { AddressRow } from "./directory/address-index";
import type { ObjectEnv } from "./env";
import { AccountStore, type LoginOutcome, type LoginParams, type StoredPassword } from "./mailbox/accounts";
import { BlockedSenders } from "./mailbox/blocked-senders";
import { CodeHandouts } from "./mailbox/code-handouts";
import { DirectorySync } from "./mailbox/couriers/directory-sync";
import { MailTransport } from "./mailbox/couriers/mail-transport";
import { TelegramPush } from "./mailbox/couriers/telegram-push";
import { WebhookPost } from "./mailbox/couriers/webhook-post";
import { DeliveryLog } from "./mailbox/delivery-log";
import { DirectoryFeed } from "./mailbox/directory-feed";
import { ForwardRules } from "./mailbox/forward-rules";
import { storeDelivery } from "./mailbox/intake";
import { Lifetime, type MailboxGrant } from "./mailbox/lifetime";
import { grantTags, LiveFeed, REFUSED_RETRY_SECONDS } from "./mailbox/live-feed";
import { MailtmView } from "./mailbox/mailtm-view";
import { MessageStore } from "./mailbox/message-store";
import { migrate, schemaLaid, upToDate, wake } from "./mailbox/migrate";
import { NotificationTargets } from "./mailbox/notification-targets";
import { ownedExpiry } from "./mailbox/ops/ownership";
import { Outbox } from "./mailbox/outbox";
import { OutboxSender } from "./mailbox/outbox-sender";
import { fail, guard } from "./mailbox/outcome";
import { type OpArgs, type OpResult, OWNER_OPS, type OwnerOp } from "./mailbox/owner-ops";
import type { MailboxParts } from "./mailbox/parts";
import { Retention } from "./mailbox/retention";
import { SendQuota } from "./mailbox/send-quota";
import { cleanSocketRequest, feedOf, grantOf } from "./mailbox/socket-request";
import { Tally } from "./mailbox/tally";

export { GRANT_HEADER, grantHeader } from "./mailbox/grant";

/** What a refused listener is told to wait before trying again. */

/** What creating an address answers: the identity, the credential's epoch, its times, and the row the directory will hold. */
export interface Created {
  mailboxId: string;
  epoch: string;
  createdAt: number;
  expiresAt: number;
  row: AddressRow;
}

// partyserver requires Env to extend Cloudflare.Env (which the tests widen to the Worker's Env).
export class Mailbox extends Server<ObjectEnv & Cloudflare.Env> {
  static options = { hibernate: true };

  private readonly parts: MailboxParts;

  constructor(ctx: DurableObjectState, env: ObjectEnv & Cloudflare.Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    // Its own copy, read once for the object's life (tests change fields of it on purpose).
    const config = parseConfig(env);
    // A name never claimed gets no schema (a login or a mail for it must store nothing);
    // a claimed one upgrades itself here, the first time it wakes after a deploy.
    // The common case, a claimed mailbox already up to date, is one small read.
    const woken = wake(sql);
    const lifetime = new Lifetime(sql);
    if (woken && upToDate(woken.versions)) lifetime.know(woken.meta);
    else if (schemaLaid(sql)) migrate(sql);
    const messages = new MessageStore(sql, ctx.storage);
    const outbox = new Outbox(sql);
    const targets = new NotificationTargets(sql, outbox);
    const address = () => this.name;
    const live = new LiveFeed(this, messages, config);
    const couriers = {
      telegram: new TelegramPush(env, config, targets, address),
      webhook: new WebhookPost(config, targets, address),
      mail: new MailTransport(env, config, messages, outbox, live),
      directory: new DirectorySync(env),
    };
    const sender = new OutboxSender(outbox, couriers, targets, env, config, address);
    const directory = new DirectoryFeed(outbox, address);
    const tally = new Tally(sql, config.statsFlushSeconds);
    const blocked = new BlockedSenders(sql);
    const forwards = new ForwardRules(sql);
    const retention = new Retention({
      storage: ctx.storage,
      config,
      lifetime,
      messages,
      outbox,
      sender,
      live,
      directory,
      tally,
      blocked,
      targets,
      forwards,
    });
    const accounts = new AccountStore(sql, config.login);
    const mailtm = new MailtmView(messages);
    const self = this;
    this.parts = {
      get address() {
        return self.name;
      },
      config,
      lifetime,
      messages,
      outbox,
      targets,
      sender,
      accounts,
      mailtm,
      live,
      retention,
      quota: new SendQuota(sql, config.sending.dailyQuota),
      forwards,
      directory,
      tally,
      blocked,
      deliveryLog: new DeliveryLog(sql, () => config.inbound.deliveryLogSize),
      handouts: new CodeHandouts(sql),
    };
    // Answered by the runtime itself: keep-alives never wake a hibernated object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  // ---- RPC -----------------------------------------------------------------

  /** Claims this address, for a user when `owner` is given, by an API key when `creatorKey` is. Fails while it is active or quarantined. */
  async create(password?: StoredPassword, owner: string | null = null, creatorKey: string | null = null): Promise<Outcome<Created>> {
    const { lifetime, retention, accounts, directory, config, live } = this.parts;
    return guard(async () => {
      const s = lifetime.read();
      if (s?.state === "active") fail("address_taken", "This address is already taken.");
      if (s?.state === "quarantined" && s.quarantineUntil > Date.now()) {
        fail("address_taken", "This address was recently deleted and cannot be claimed yet.");
      }
      // A socket of the name's previous life must never hear the next owner's mail.
      live.end("deleted");
      if (s) await retention.wipe(); // a quarantine that has run out
      // The schema is laid when a name is claimed, not before.
      migrate(this.ctx.storage.sql);
      const now = Date.now();
      const expiresAt = owner ? ownedExpiry(config, now) : now + config.addressTtlSeconds * 1000;
      const created = this.ctx.storage.transactionSync(() => {
        const c = lifetime.activate(now, expiresAt, owner, creatorKey);
        if (password) accounts.setPassword(password);
        return { ...c, row: directory.announce({ ...c, owner }, "active") };
      });
      await retention.schedule();
      return created;
    });
  }

  /** One inbound mail, parsed by the Worker: stored, announced, its notifications queued. */
  async deliver(d: Delivery, payload: DeliveryPayload): Promise<DeliveryResult> {
    const bytes = payload instanceof Uint8Array ? payload : new Uint8Array(await new Response(payload).arrayBuffer());
    // Checked after the (possibly streamed) payload is in: the mailbox may have ended meanwhile.
    if (!this.parts.lifetime.isActive()) return { ok: false, reason: "unknown_address", message: "No such address." };
    const stored = storeDelivery(d, bytes, this.parts);
    if (!stored.ok) return stored;
    this.parts.live.announce(stored.summary, stored.evicted);
    await this.parts.retention.schedule(d);
    // Junk stays here: forwarding it would carry it out of quarantine.
    const forwardTo = stored.summary.folder === "inbox" ? this.parts.forwards.destinations() : [];
    return { ok: true, id: stored.summary.id, evicted: stored.evicted, forwardTo };
  }

  /** The Worker says sessions of a user ended (or, with null, that the address left the user): their sockets close. */
  async endSessions(userId: string, sessionIds: string[] | null): Promise<number> {
    return this.parts.live.endSessions(userId, sessionIds);
  }

  /**
   * Does nothing: one call to this object and back, the bench's floor for any per-mailbox read
   * (GET /api/bench/floor). `carried` is ignored: the ingest stage ladder hands it a Delivery to
   * time the carriage of a mail apart from its storing.
   */
  async floor(_carried?: unknown): Promise<void> {}

  /** A mail `email()` refused before parsing it (too large): kept in the delivery log of a live mailbox; a name never claimed stores nothing. */
  async logTurnedAway(a: TurnedAway): Promise<void> {
    if (!this.parts.lifetime.isActive()) return;
    this.parts.deliveryLog.record({ ...a, at: Date.now(), outcome: "rejected", messageId: null, parse: null });
  }

  /** What `email()` did with a delivered mail's forwarding rules, kept on the message. */
  async recordForwards(id: number, attempts: ForwardAttempt[]): Promise<void> {
    this.parts.messages.setForwarded(id, attempts);
  }

  /** Every owner operation (objects/mailbox/ops/): run once the grant the router verified opens the live mailbox. */
  async owner<K extends OwnerOp>(grant: MailboxGrant, op: K, ...args: OpArgs<K>): Promise<Outcome<OpResult<K>>> {
    return guard(async () => {
      const facts = this.parts.lifetime.authorize(grant);
      const run = OWNER_OPS[op] as unknown as (p: MailboxParts, s: typeof facts, ...a: OpArgs<K>) => OpResult<K> | Promise<OpResult<K>>;
      return run(this.parts, facts, ...args);
    });
  }

  async loginParams(): Promise<LoginParams> {
    if (!this.parts.lifetime.isActive()) return { ok: false, reason: "no_mailbox" };
    return this.parts.accounts.params();
  }

  /** Checks a key derived from a candidate password; on success, what a new credential needs. */
  async login(derived: Uint8Array): Promise<LoginOutcome<{ epoch: string; mailboxId: string; expiresAt: number }>> {
    const s = this.parts.lifetime.read();
    if (s?.state !== "active") return { ok: false, reason: "invalid" };
    const outcome = this.parts.accounts.check(derived);
    return outcome.ok ? { ok: true, epoch: s.epoch, mailboxId: s.mailboxId, expiresAt: s.expiresAt } : outcome;
  }

  // ---- WebSockets and the alarm (partyserver hooks) ----------------------------

  /** Only socket upgrades come here, rebuilt from scratch: no client header reaches partyserver. */
  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return Response.json({ error: { code: "not_found", message: "Nothing here." } }, { status: 404 });
    }
    const grant = grantOf(request);
    const checked = grant ? await guard(() => this.parts.lifetime.authorize(grant)) : null;
    if (grant === null || checked === null || isFailure(checked)) {
      const error =
        checked !== null && isFailure(checked)
          ? checked.failed
          : { code: "unauthorized" as const, message: "Credential is no longer valid for this address." };
      return Response.json({ error }, { status: ERROR_STATUS[error.code] });
    }
    const clean = cleanSocketRequest(request, grant);
    const feed = feedOf(clean);
    const { socketsPerMailbox, eventStreamsPerMailbox } = this.parts.config;
    const cap = feed === "events" ? eventStreamsPerMailbox : socketsPerMailbox;
    if ([...this.getConnections(feed)].length >= cap) {
      const what = feed === "events" ? "event streams" : "WebSockets";
      return Response.json(
        { error: { code: "rate_limited", message: `This mailbox takes at most ${cap} ${what} at once; close one or try again later.` } },
        { status: 429, headers: { "Retry-After": String(REFUSED_RETRY_SECONDS) } },
      );
    }
    return super.fetch(clean);
  }

  /** Each socket is tagged with its kind (each kind has its own cap) and the user and session that opened it, if any. */
  getConnectionTags(_conn: Connection, ctx: ConnectionContext): string[] {
    return [feedOf(ctx.request), ...grantTags(grantOf(ctx.request))];
  }

  onConnect(conn: Connection, ctx: ConnectionContext): void {
    const since = Number(new URL(ctx.request.url).searchParams.get("since") ?? "0");
    // Not awaited: the replay pages out after the upgrade is answered.
    this.parts.live.greet(conn, this.name, Number.isSafeInteger(since) && since >= 0 ? since : 0).catch((err) => {
      // Said to our log, never to the client (partyserver would send it the stack).
      console.error("socket replay failed", err);
      conn.close(1011, "internal error");
    });
  }

  onMessage(conn: Connection, message: string | ArrayBuffer | ArrayBufferView): void {
    // "ping" is answered by the runtime; anything else gets a gentle reminder.
    if (message !== "ping") conn.send(JSON.stringify({ type: "error", message: 'Send "ping" to keep alive; nothing else is accepted.' }));
  }

  async onAlarm(): Promise<void> {
    await this.parts.retention.onAlarm();
  }
}
