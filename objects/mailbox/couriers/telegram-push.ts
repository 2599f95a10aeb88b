// Telegram pushes: one sendMessage per outbox row; a chat that is gone for good is unbound.
import type { Config } from "../../../src/contract/config";
import type { ObjectEnv } from "../../env";
import type { NotificationTargets } from "../notification-targets";
import type { OutboxRow } from "../outbox";
import { type Courier, dead, errorText, retry, retryAfterMs, sent, type Verdict } from "./courier";

/** Telegram 400 descriptions that mean the chat is gone for good. */
const CHAT_GONE =
  /chat not found|peer_id_invalid|user is deactivated|bot was kicked|group chat was deleted|have no rights to send|upgraded to a supergroup/i;

export class TelegramPush implements Courier {
  constructor(
    private readonly env: ObjectEnv,
    private readonly config: Config,
    private readonly targets: NotificationTargets,
    private readonly address: () => string,
  ) {}

  async deliver(row: OutboxRow): Promise<Verdict> {
    const token = this.env.TELEGRAM_BOT_TOKEN;
    if (!token) return retry("TELEGRAM_BOT_TOKEN is not set");
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
      return retry(scrub(errorText(err), token));
    }
    if (res.ok) {
      // Not awaited: the runner records success before anything else can run.
      void res.body?.cancel().catch(() => {});
      return sent;
    }
    const body = await res.json<{ description?: string; parameters?: { retry_after?: number } }>().catch(() => null);
    const why = scrub(`${res.status} ${body?.description ?? res.statusText}`.slice(0, 300), token);
    if (res.status === 429) return retry(why, retryAfterMs(body?.parameters?.retry_after, res));
    if (res.status === 403 || (res.status === 400 && CHAT_GONE.test(why))) {
      // Blocked, kicked, or no such chat: stop pushing there at all.
      this.targets.unbindTelegram(row.targetId, `chat unbound: ${why}`);
      await this.env.TELEGRAM_CHAT.getByName(row.targetId)
        .forget(this.address())
        .catch(() => {});
      return dead(`chat unbound: ${why}`);
    }
    // 401/404: the token is wrong, an operator error that a fix can cure, so retry.
    if (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 404) return dead(why);
    return retry(why);
  }
}

function scrub(text: string, token: string): string {
  return text.split(token).join("<token>");
}
