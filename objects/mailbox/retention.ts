// Retention: the mailbox's one alarm (address expiry, message TTL, the
// outbox's next due row, the mail counts' next batch, the end of a quarantine)
// and the end of the mailbox. No global cron sweeps mailboxes: each one expires itself.

import type { Config } from "../../src/contract/config";
import type { AddressRow } from "../directory/address-index";
import type { BlockedSenders } from "./blocked-senders";
import type { DirectoryFeed } from "./directory-feed";
import type { ForwardRules } from "./forward-rules";
import type { Lifetime } from "./lifetime";
import type { LiveFeed } from "./live-feed";
import type { MessageStore } from "./message-store";
import { migrate } from "./migrate";
import type { NotificationTargets } from "./notification-targets";
import type { Outbox } from "./outbox";
import type { OutboxSender } from "./outbox-sender";
import type { Tally } from "./tally";

/** Beyond this an alarm cannot be set: the runtime refuses dates after 2189. */
const ALARM_HORIZON = Date.UTC(2189, 0, 1);

export interface RetentionParts {
  storage: DurableObjectStorage;
  config: Config;
  lifetime: Lifetime;
  messages: MessageStore;
  outbox: Outbox;
  sender: OutboxSender;
  live: LiveFeed;
  directory: DirectoryFeed;
  tally: Tally;
  blocked: BlockedSenders;
  targets: NotificationTargets;
  forwards: ForwardRules;
}

export class Retention {
  constructor(private readonly p: RetentionParts) {}

  /**
   * The one place the alarm is set: the earliest of address expiry, the oldest
   * message's TTL, the outbox's next due row and the counts' next batch (or the
   * quarantine's end). While a drain runs it owns the outbox's share and
   * reschedules when done. A delivery passes its own message's time and only
   * ever moves the alarm earlier, so the hot path never scans the messages.
   */
  async schedule(delivered?: { receivedAt: number }): Promise<void> {
    const { storage, lifetime, messages, outbox, sender, tally, config } = this.p;
    const s = lifetime.read();
    if (!s) return;
    const current = await storage.getAlarm();
    const due = sender.busy ? null : outbox.nextDue();
    const ttl = config.messageTtlSeconds * 1000;
    if (delivered && s.state === "active") {
      const next = Math.min(delivered.receivedAt + ttl, due ?? Infinity, tally.due() ?? Infinity);
      if (current === null || next < current) await storage.setAlarm(next);
      return;
    }
    // A quarantine that is over waits only for what the directory is still owed.
    let next = s.quarantineUntil > Date.now() || due === null ? Math.min(s.quarantineUntil, due ?? Infinity) : due;
    if (s.state === "active") {
      const oldest = messages.oldestAt();
      next = Math.min(s.expiresAt, oldest === null ? Infinity : oldest + ttl, due ?? Infinity, tally.due() ?? Infinity);
    }
    // An owned address kept until deleted, with nothing else due, needs no alarm (alarms end in 2189 anyway).
    if (next >= ALARM_HORIZON) {
      if (current !== null) await storage.deleteAlarm();
      return;
    }
    if (current !== next) await storage.setAlarm(next);
  }

  /** The alarm: end a quarantine or the mailbox, drop mail past its TTL, hand over the counts, send what the outbox owes. */
  async onAlarm(): Promise<void> {
    const { lifetime, messages, live, sender, tally, directory, storage, config } = this.p;
    const s = lifetime.read();
    if (!s) return;
    const now = Date.now();
    if (s.state === "quarantined") {
      await sender.drain();
      if (s.quarantineUntil <= now && directory.owed().length === 0) await this.wipe();
      else await this.schedule();
      return;
    }
    if (s.expiresAt <= now) {
      await this.retire("expired");
      return;
    }
    for (const id of messages.olderThan(now - config.messageTtlSeconds * 1000)) {
      messages.delete(id);
      live.push({ type: "deleted", id });
    }
    const countsDue = tally.due();
    if (countsDue !== null && countsDue <= now) storage.transactionSync(() => directory.counts(tally.take(now)));
    await sender.drain();
    await this.schedule();
  }

  /** Ends this mailbox: tell listeners, drop all mail, keep only a quarantine tombstone; the directory hears of it. */
  async retire(why: "expired" | "deleted"): Promise<AddressRow | null> {
    const { lifetime, live, sender, tally, directory, storage, config } = this.p;
    const facts = lifetime.read();
    const until = Date.now() + config.quarantineSeconds * 1000;
    // Before any await: from here on the mailbox reads as ended, so no socket,
    // delivery or owner call gets in while the rest of the ending runs.
    lifetime.quarantine(until);
    live.end(why);
    await sender.releaseChats();
    storage.transactionSync(() => directory.counts(tally.take(Date.now())));
    await this.wipe();
    migrate(storage.sql);
    const row = storage.transactionSync(() => {
      lifetime.quarantine(until);
      return facts ? directory.announce(facts, why, until) : null;
    });
    await this.schedule();
    return row;
  }

  /**
   * Drops every byte this mailbox stored. What is left is a database without
   * tables, unless the directory is still owed updates: those are queued again
   * in a fresh schema, so a wipe never loses them.
   */
  async wipe(): Promise<void> {
    const { storage, lifetime, messages, tally, directory, blocked, outbox, targets, forwards } = this.p;
    const owed = directory.owed();
    await storage.deleteAlarm();
    await storage.deleteAll();
    lifetime.forget();
    messages.forget();
    tally.forget();
    blocked.forget();
    outbox.forget();
    targets.forget();
    forwards.forget();
    if (owed.length > 0) {
      migrate(storage.sql);
      directory.requeue(owed);
    }
  }
}
