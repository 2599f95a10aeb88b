// OutboxSender: sends what the outbox owes from the Mailbox's alarm, in order per target, with backoff and 429 retry_after.
// Success is recorded the moment a courier says so: a row recorded sent is never sent again.
import type { Config } from "../../src/contract/config";
import type { ObjectEnv } from "../env";
import { type Courier, errorText, type Verdict } from "./couriers/courier";
import type { NotificationTargets } from "./notification-targets";
import type { Outbox, OutboxRow, TargetKind } from "./outbox";

export class OutboxSender {
  /** Rows whose request this instance is carrying right now. */
  private readonly inFlight = new Set<number>();
  private draining = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly couriers: Record<TargetKind, Courier>,
    private readonly targets: NotificationTargets,
    private readonly env: ObjectEnv,
    private readonly config: Config,
    private readonly address: () => string,
  ) {}

  /** While a drain runs, it owns the outbox's share of the alarm (it reschedules when done). */
  get busy(): boolean {
    return this.draining;
  }

  /** Sends everything due now; returns when every target's due queue is done or waiting. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      this.recoverInterrupted();
      const now = Date.now();
      const due = this.outbox.heads().filter((h) => h.state === "pending" && h.nextAt <= now);
      await Promise.all(due.map((h) => this.runTarget(h.kind, h.targetId)));
      // Rows live as long as the mail they announce.
      this.outbox.pruneFinished(Date.now() - this.config.messageTtlSeconds * 1000);
    } finally {
      this.draining = false;
    }
  }

  /** The mailbox is going away: bound chats drop it from their lists (best effort; /list also prunes by expiry). */
  async releaseChats(): Promise<void> {
    const address = this.address();
    await Promise.all(
      this.targets.telegramChats().map((c) =>
        this.env.TELEGRAM_CHAT.getByName(c.chatId)
          .forget(address)
          .catch(() => {}),
      ),
    );
  }

  /**
   * A row left 'sending' by a run that never finished (the object was evicted
   * mid-request): we cannot know whether it arrived. We send it again: a
   * notification that may arrive twice beats a verification code that never
   * arrives. Webhook receivers can dedupe on X-Pigeonhole-Delivery; Telegram's
   * sendMessage has no idempotency key, so this is the one place a chat can
   * see a message twice (a timed-out request that Telegram did take is the other).
   */
  private recoverInterrupted(): void {
    for (const row of this.outbox.orphans(this.inFlight)) {
      this.outbox.retryAt(row.id, Date.now(), "interrupted while sending; sent again");
    }
  }

  /** One target's queue, strictly in order: row N+1 never leaves before row N is settled. */
  private async runTarget(kind: TargetKind, targetId: string): Promise<void> {
    for (;;) {
      const head = this.outbox.heads().find((h) => h.kind === kind && h.targetId === targetId);
      if (head?.state !== "pending" || head.nextAt > Date.now()) return;
      this.outbox.markSending(head.id);
      this.inFlight.add(head.id);
      let verdict: Verdict;
      try {
        verdict = await this.couriers[kind].deliver(head);
      } catch (err) {
        verdict = { kind: "retry", why: `unexpected: ${errorText(err)}` };
      } finally {
        this.inFlight.delete(head.id);
      }
      this.settle(head, verdict);
    }
  }

  /** Records what an attempt came to; synchronous, so nothing can run between a success and its record. */
  private settle(row: OutboxRow, verdict: Verdict): void {
    this.record(row, verdict);
    this.couriers[row.kind].settled?.(row);
  }

  private record(row: OutboxRow, verdict: Verdict): void {
    if (verdict.kind === "sent") {
      this.outbox.markSent(row.id, Date.now(), verdict.receipt ?? null);
      return;
    }
    if (verdict.kind === "dead") {
      this.outbox.markDead(row.id, verdict.why);
      return;
    }
    const attempts = row.attempts + 1; // markSending counted this one
    if (attempts >= this.config.outboxMaxAttempts && !this.couriers[row.kind].persistent) {
      this.outbox.markDead(row.id, `gave up after ${attempts} attempts: ${verdict.why}`);
      return;
    }
    const delay = verdict.waitMs ?? backoffMs(attempts, this.config.outboxBackoffBaseMs, this.config.outboxBackoffMaxMs);
    this.outbox.retryAt(row.id, Date.now() + delay, verdict.why);
  }
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
