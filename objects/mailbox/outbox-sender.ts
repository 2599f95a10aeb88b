// OutboxSender: sends what the outbox owes from the Mailbox's alarm, in order per target, with backoff and 429 retry_after.
// Success is recorded the moment a response says so: a row recorded sent is never sent again.
import type { Config } from "../../src/contract/config";
import type { ObjectEnv } from "../env";
import type { Outbox, OutboxRow } from "./outbox";
import { webhookUrlProblem } from "./webhook-target";

/** Telegram 400 descriptions that mean the chat is gone for good. */
const CHAT_GONE =
  /chat not found|peer_id_invalid|user is deactivated|bot was kicked|group chat was deleted|have no rights to send|upgraded to a supergroup/i;

export class OutboxSender {
  /** Rows whose request this instance is carrying right now. */
  private readonly inFlight = new Set<number>();
  private draining = false;

  constructor(
    private readonly outbox: Outbox,
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
      this.outbox.telegramChats().map((c) =>
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
  private async runTarget(kind: OutboxRow["kind"], targetId: string): Promise<void> {
    for (;;) {
      const head = this.outbox.heads().find((h) => h.kind === kind && h.targetId === targetId);
      if (head?.state !== "pending" || head.nextAt > Date.now()) return;
      this.outbox.markSending(head.id);
      this.inFlight.add(head.id);
      try {
        if (kind === "telegram") await this.sendTelegram(head);
        else await this.sendWebhook(head);
      } catch (err) {
        this.failed(head, `unexpected: ${errorText(err)}`);
      } finally {
        this.inFlight.delete(head.id);
      }
    }
  }

  // ---- Telegram ------------------------------------------------------------

  private async sendTelegram(row: OutboxRow): Promise<void> {
    const token = this.env.TELEGRAM_BOT_TOKEN;
    if (!token) return this.failed(row, "TELEGRAM_BOT_TOKEN is not set");
    let res: Response;
    try {
      // The URL holds the token: it never goes into an error message or a log.
      res = await fetch(`${this.config.telegramApiBase}/bot${token}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: row.payload,
        signal: AbortSignal.timeout(this.config.outboxFetchTimeoutMs),
      });
    } catch (err) {
      return this.failed(row, scrub(errorText(err), token));
    }
    if (res.ok) {
      // Recorded before anything else can run: this row is never sent again.
      this.outbox.markSent(row.id, Date.now());
      await res.body?.cancel();
      return;
    }
    const body = await res.json<{ description?: string; parameters?: { retry_after?: number } }>().catch(() => null);
    const why = scrub(`${res.status} ${body?.description ?? res.statusText}`.slice(0, 300), token);
    if (res.status === 429) return this.failed(row, why, retryAfterMs(body?.parameters?.retry_after, res));
    if (res.status === 403 || (res.status === 400 && CHAT_GONE.test(why))) {
      // Blocked, kicked, or no such chat: stop pushing there at all.
      this.outbox.unbindTelegram(row.targetId, `chat unbound: ${why}`);
      await this.env.TELEGRAM_CHAT.getByName(row.targetId)
        .forget(this.address())
        .catch(() => {});
      return;
    }
    // 401/404: the token is wrong — an operator error that a fix can cure, so retry.
    if (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 404) {
      return this.outbox.markDead(row.id, why);
    }
    this.failed(row, why);
  }

  // ---- webhooks --------------------------------------------------------------

  private async sendWebhook(row: OutboxRow): Promise<void> {
    const hook = this.outbox.webhook(row.targetId);
    if (!hook) return this.outbox.markDead(row.id, "webhook deleted");
    const problem = webhookUrlProblem(hook.url, this.config.allowPrivateWebhooks);
    if (problem) return this.outbox.markDead(row.id, problem);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = await hmacHex(hook.secret, `${timestamp}.${row.payload}`);
    let res: Response;
    try {
      res = await fetch(hook.url, {
        method: "POST",
        redirect: "manual", // a redirect could lead anywhere, including inside
        headers: {
          "content-type": "application/json",
          "user-agent": "Pigeonhole-Webhook/1",
          "x-pigeonhole-event": "message",
          "x-pigeonhole-delivery": `${this.address()}/${row.id}`,
          "x-pigeonhole-timestamp": timestamp,
          "x-pigeonhole-signature": `sha256=${signature}`,
        },
        body: row.payload,
        signal: AbortSignal.timeout(this.config.outboxFetchTimeoutMs),
      });
    } catch (err) {
      return this.failed(row, errorText(err));
    }
    if (res.status >= 200 && res.status < 300) {
      this.outbox.markSent(row.id, Date.now());
      await res.body?.cancel();
      return;
    }
    await res.body?.cancel();
    const why = `${res.status} ${res.statusText}`.trim();
    if (res.status === 429) return this.failed(row, why, retryAfterMs(undefined, res));
    if (res.status >= 300 && res.status < 400) return this.outbox.markDead(row.id, `${why}: redirects are not followed`);
    if (res.status >= 400 && res.status < 500 && res.status !== 408) return this.outbox.markDead(row.id, why);
    this.failed(row, why);
  }

  // ---- retry policy ------------------------------------------------------------

  /** A failed attempt: retry later (after `waitMs` if the target said so), or give up. */
  private failed(row: OutboxRow, why: string, waitMs?: number): void {
    const attempts = row.attempts + 1; // markSending counted this one
    if (attempts >= this.config.outboxMaxAttempts) {
      this.outbox.markDead(row.id, `gave up after ${attempts} attempts: ${why}`);
      return;
    }
    const delay = waitMs ?? backoffMs(attempts, this.config.outboxBackoffBaseMs, this.config.outboxBackoffMaxMs);
    this.outbox.retryAt(row.id, Date.now() + delay, why);
  }
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function retryAfterMs(seconds: number | undefined, res: Response): number | undefined {
  const s = seconds ?? Number(res.headers.get("retry-after") ?? NaN);
  // A little margin so the first request after the wait lands after it, not on it.
  return Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) + 50 : undefined;
}

async function hmacHex(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string };
  if (e?.name === "TimeoutError") return "timed out";
  return String(e?.message ?? err).slice(0, 300);
}

function scrub(text: string, token: string): string {
  return text.split(token).join("<token>");
}
