// Everything that notifies the outside of new mail: webhooks + outbox report
// under /api/v1/mailboxes/{address}, and the Telegram bot's update receiver.
import type { Router } from "../router";
import { telegramRoutes } from "../telegram/webhook";
import { webhookRoutes } from "./webhooks";

export function notificationRoutes(router: Router): void {
  webhookRoutes(router);
  telegramRoutes(router);
}
