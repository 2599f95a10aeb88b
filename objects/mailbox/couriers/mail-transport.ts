// Sent mail: one outbox row per recipient, handed to the transport SEND_TRANSPORT names
// (Email Service binding, an SMTP relay, or off). After every attempt the sent message's
// status is the aggregate of its rows, and a change is pushed to the mailbox's sockets.
import type { Config } from "../../../src/contract/config";
import type { SendStatus } from "../../../src/contract/wire";
import type { ObjectEnv } from "../../env";
import type { LiveFeed } from "../live-feed";
import { type MessageStore, RAW_PART } from "../message-store";
import type { Outbox, OutboxRow } from "../outbox";
import { type Courier, dead, retry, type Verdict } from "./courier";
import { submitToBinding } from "./email-binding";
import { parseSmtpUrl, submitOverSmtp } from "./smtp-client";

/** What a "mail" outbox row carries: the envelope of one transport message. */
export interface MailEnvelope {
  from: string;
  rcpt: string;
}

export class MailTransport implements Courier {
  constructor(
    private readonly env: ObjectEnv,
    private readonly config: Config,
    private readonly messages: MessageStore,
    private readonly outbox: Outbox,
    private readonly live: LiveFeed,
  ) {}

  async deliver(row: OutboxRow): Promise<Verdict> {
    const { from, rcpt } = JSON.parse(row.payload) as MailEnvelope;
    const raw = row.messageId === null ? null : this.messages.readBlob(row.messageId, RAW_PART);
    if (!raw) return dead("the message was deleted before it was sent");
    const sending = this.config.sending;
    if (sending.transport === "off") return dead("sending is turned off on this deployment (SEND_TRANSPORT=off)");
    if (sending.transport === "binding") return submitToBinding(this.env.EMAIL, { from, to: rcpt }, raw);
    const relay = parseSmtpUrl(sending.smtpUrl);
    // An operator's mistake that a fix of the setting cures: keep the mail and retry.
    if (typeof relay === "string") return retry(relay);
    const outcome = await submitOverSmtp(relay, { from, to: rcpt }, raw, {
      timeoutMs: sending.smtpTimeoutMs,
      heloName: from.split("@")[1] ?? "localhost",
    });
    if (outcome.ok) return { kind: "sent", receipt: outcome.reply };
    return outcome.temporary ? retry(outcome.reply) : dead(outcome.reply);
  }

  /** The sent message's status follows its rows: queued until every one is settled (with the last temporary error), failed if any died. */
  settled(row: OutboxRow): void {
    if (row.messageId === null) return;
    const rows = this.outbox.statesOf(row.messageId, "mail");
    if (rows.length === 0) return;
    let status: SendStatus = "sent";
    let reason: string | null = null;
    const owed = rows.filter((r) => r.state === "pending" || r.state === "sending");
    if (owed.length > 0) {
      status = "queued";
      // A temporary failure shows while the row waits for its next attempt.
      const waiting = owed.find((r) => r.lastError);
      reason = waiting ? `retrying: ${waiting.lastError}` : null;
    } else {
      const failed = rows.find((r) => r.state === "dead");
      if (failed) {
        status = "failed";
        reason = failed.lastError ?? "not sent";
      }
    }
    const before = this.messages.stored(row.messageId);
    if (!before || (before.status === status && before.statusReason === reason)) return;
    if (this.messages.setStatus(row.messageId, status, reason)) {
      this.live.push({ type: "status", id: row.messageId, status, statusReason: reason });
    }
  }
}
