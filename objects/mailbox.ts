// Mailbox: the Durable Object of one address (one per normalised address,
// `env.MAILBOX.getByName(address)`). MailboxCore holds its mail, sockets and
// lifetime; here are the RPC methods of what is built on it: notification
// targets (Telegram chats, webhooks; logic in outbox*.ts) and passwords and
// the mail.tm view (logic in accounts.ts, mailtm-view.ts).
import type { CreateWebhookResponse, OutboxReport, WebhookInfo } from "../src/wire";
import type { LoginOutcome, LoginParams, StoredPassword } from "./accounts";
import { MailboxCore } from "./mailbox-core";
import type { MailtmRecord } from "./mailtm-view";
import { fail, guard, type Outcome } from "./outcome";
import { webhookInfo } from "./outbox";

export { EPOCH_HEADER } from "./mailbox-core";

export class Mailbox extends MailboxCore {
  // ---- notification targets (logic in outbox.ts / outbox-sender.ts) -------

  async bindTelegram(epoch: string, chatId: string, lang: string): Promise<Outcome<{ expiresAt: number }>> {
    return guard(() => {
      const s = this.authorize(epoch);
      const limit = this.config.telegramChatsPerMailbox;
      if (!this.outbox.bindTelegram(chatId, lang, limit, Date.now())) fail("bad_request", `This address already pushes to ${limit} chats (the limit).`);
      return { expiresAt: s.expiresAt };
    });
  }

  async unbindTelegram(epoch: string, chatId: string): Promise<Outcome<boolean>> {
    return guard(() => {
      this.authorize(epoch);
      return this.outbox.unbindTelegram(chatId, "chat unbound");
    });
  }

  async addWebhook(epoch: string, url: string): Promise<Outcome<CreateWebhookResponse>> {
    return guard(() => {
      this.authorize(epoch);
      const limit = this.config.webhooksPerMailbox;
      if (this.outbox.webhooks().length >= limit) fail("bad_request", `This mailbox already has ${limit} webhooks (the limit).`);
      const hook = { id: crypto.randomUUID(), url, secret: webhookSecret(), createdAt: Date.now() };
      this.outbox.addWebhook(hook);
      return { ...webhookInfo(hook), secret: hook.secret };
    });
  }

  async listWebhooks(epoch: string): Promise<Outcome<WebhookInfo[]>> {
    return guard(() => {
      this.authorize(epoch);
      return this.outbox.webhooks().map(webhookInfo);
    });
  }

  async deleteWebhook(epoch: string, id: string): Promise<Outcome<void>> {
    return guard(() => {
      this.authorize(epoch);
      if (!this.outbox.deleteWebhook(id)) fail("not_found", `No webhook ${id} on this mailbox.`);
    });
  }

  async outboxReport(epoch: string, limit: number): Promise<Outcome<OutboxReport>> {
    return guard(() => {
      this.authorize(epoch);
      return this.outbox.report(limit);
    });
  }

  // ---- passwords and the mail.tm view (logic in accounts.ts, mailtm-view.ts)

  async setPassword(epoch: string, password: StoredPassword): Promise<Outcome<void>> {
    return guard(async () => {
      this.authorize(epoch);
      this.accounts.setPassword(password);
    });
  }

  async loginParams(): Promise<LoginParams> {
    if (this.state.read()?.state !== "active") return { ok: false, reason: "no_login" };
    return this.accounts.params();
  }

  /** Checks a key derived from a candidate password; on success, what a new credential needs. */
  async login(derived: Uint8Array): Promise<LoginOutcome & { epoch?: string; expiresAt?: number }> {
    const s = this.state.read();
    if (s?.state !== "active") return { ok: false, reason: "invalid" };
    const outcome = this.accounts.check(derived);
    return outcome.ok ? { ok: true, epoch: s.epoch, expiresAt: s.expiresAt } : outcome;
  }

  async mailtmPage(epoch: string, page: number, perPage: number): Promise<Outcome<{ records: MailtmRecord[]; total: number }>> {
    return guard(async () => {
      this.authorize(epoch);
      return this.mailtm.page(page, perPage);
    });
  }

  async mailtmMessage(epoch: string, id: number, full: boolean): Promise<Outcome<MailtmRecord>> {
    return guard(async () => {
      this.authorize(epoch);
      return this.mailtm.one(id, full) ?? fail("not_found", `No message ${id} in this mailbox.`);
    });
  }

  async setSeen(epoch: string, id: number, seen: boolean): Promise<Outcome<MailtmRecord>> {
    return guard(async () => {
      this.authorize(epoch);
      if (!this.mailtm.setSeen(id, seen)) fail("not_found", `No message ${id} in this mailbox.`);
      return this.mailtm.one(id, true)!;
    });
  }
}

/** 32 random bytes, base64url, with a prefix that says what it is. */
function webhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return "whsec_" + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
