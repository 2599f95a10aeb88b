// Retention: the mailbox's one alarm (address expiry, message TTL, the
// outbox's next due row, the end of a quarantine) and the end of the mailbox.
// No global cron sweeps mailboxes: each one expires itself.
import type { Config } from "../../src/contract/config";
import type { BlockedSenders } from "./blocked-senders";
import type { Lifetime } from "./lifetime";
import type { LiveFeed } from "./live-feed";
import type { MessageStore } from "./message-store";
import { migrate } from "./migrate";
import type { Outbox } from "./outbox";
import type { OutboxSender } from "./outbox-sender";

export interface RetentionParts {
  storage: DurableObjectStorage;
  config: Config;
  lifetime: Lifetime;
  messages: MessageStore;
  outbox: Outbox;
  sender: OutboxSender;
  live: LiveFeed;
  blocked: BlockedSenders;
}

export class Retention {
  constructor(private readonly p: RetentionParts) {}

  /**
   * The one place the alarm is set: the earliest of address expiry, the oldest
   * message's TTL and the outbox's next due row (or the quarantine's end).
   * While a drain runs it owns the outbox's share and reschedules when done.
   * A delivery passes its own message's time and only ever moves the alarm
   * earlier, so the hot path never scans the messages.
   */
  async schedule(delivered?: { receivedAt: number }): Promise<void> {
    const { storage, lifetime, messages, outbox, sender, config } = this.p;
    const s = lifetime.read();
    if (!s) return;
    const current = await storage.getAlarm();
    const due = sender.busy ? null : outbox.nextDue();
    const ttl = config.messageTtlSeconds * 1000;
    if (delivered && s.state === "active") {
      const next = Math.min(delivered.receivedAt + ttl, due ?? Infinity);
      if (current === null || next < current) await storage.setAlarm(next);
      return;
    }
    let next = s.quarantineUntil;
    if (s.state === "active") {
      const oldest = messages.stats().oldestAt;
      next = Math.min(s.expiresAt, oldest === null ? Infinity : oldest + ttl, due ?? Infinity);
    }
    if (current !== next) await storage.setAlarm(next);
  }

  /** The alarm: end a quarantine or the mailbox, drop mail past its TTL, send what the outbox owes. */
  async onAlarm(): Promise<void> {
    const { lifetime, messages, live, sender, config } = this.p;
    const s = lifetime.read();
    if (!s) return;
    const now = Date.now();
    if (s.state === "quarantined") {
      if (s.quarantineUntil <= now) await this.wipe();
      else await this.schedule();
      return;
    }
    if (s.expiresAt <= now) return this.retire("expired");
    for (const id of messages.olderThan(now - config.messageTtlSeconds * 1000)) {
      messages.delete(id);
      live.push({ type: "deleted", id });
    }
    await sender.drain();
    await this.schedule();
  }

  /** Ends this mailbox: tell listeners, drop all mail, keep only a quarantine tombstone. */
  async retire(why: "expired" | "deleted"): Promise<void> {
    const { storage, lifetime, live, sender, config } = this.p;
    const until = Date.now() + config.quarantineSeconds * 1000;
    // Before any await: from here on the mailbox reads as ended, so no socket,
    // delivery or owner call gets in while the rest of the ending runs.
    lifetime.quarantine(until);
    live.end(why);
    await sender.releaseChats();
    await this.wipe();
    migrate(storage.sql);
    lifetime.quarantine(until);
    await this.schedule();
  }

  /** Drops every byte this mailbox stored: what is left is a database without tables. */
  async wipe(): Promise<void> {
    const { storage, lifetime, messages, blocked } = this.p;
    await storage.deleteAlarm();
    await storage.deleteAll();
    lifetime.forget();
    messages.forget();
    blocked.forget();
  }
}
