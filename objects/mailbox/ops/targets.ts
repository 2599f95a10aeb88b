// Owner operations on notification targets (Telegram chats, webhooks) and the outbox report.
import type { CreateWebhookResponse, OutboxReport, WebhookInfo } from "../../../src/contract/wire";
import type { ActiveFacts } from "../lifetime";
import { webhookInfo } from "../notification-targets";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";
import { newWebhook } from "../webhook-target";

export const targetOps = {
  bindTelegram(p: MailboxParts, s: ActiveFacts, chatId: string, lang: string): { expiresAt: number } {
    const limit = p.config.telegramChatsPerMailbox;
    if (!p.targets.bindTelegram(chatId, lang, limit, Date.now()))
      fail("bad_request", `This address already pushes to ${limit} chats (the limit).`);
    return { expiresAt: s.expiresAt };
  },

  unbindTelegram(p: MailboxParts, _s: ActiveFacts, chatId: string): boolean {
    return p.targets.unbindTelegram(chatId, "chat unbound");
  },

  addWebhook(p: MailboxParts, _s: ActiveFacts, url: string): CreateWebhookResponse {
    const limit = p.config.webhooksPerMailbox;
    if (p.targets.webhooks().length >= limit) fail("bad_request", `This mailbox already has ${limit} webhooks (the limit).`);
    const hook = newWebhook(url);
    p.targets.addWebhook(hook);
    return { ...webhookInfo(hook), secret: hook.secret };
  },

  listWebhooks(p: MailboxParts): WebhookInfo[] {
    return p.targets.webhooks().map(webhookInfo);
  },

  deleteWebhook(p: MailboxParts, _s: ActiveFacts, id: string): void {
    if (!p.targets.deleteWebhook(id)) fail("not_found", `No webhook ${id} on this mailbox.`);
  },

  outboxReport(p: MailboxParts, _s: ActiveFacts, limit: number): OutboxReport {
    return p.outbox.report(limit);
  },
};
