// Webhook POSTs: the payload signed with the hook's secret; the URL checked again before every send, redirects never followed.
import type { Config } from "../../../src/contract/config";
import type { NotificationTargets } from "../notification-targets";
import type { OutboxRow } from "../outbox";
import { webhookUrlProblem } from "../webhook-target";
import { type Courier, dead, errorText, retry, retryAfterMs, sent, type Verdict } from "./courier";

export class WebhookPost implements Courier {
  constructor(
    private readonly config: Config,
    private readonly targets: NotificationTargets,
    private readonly address: () => string,
  ) {}

  async deliver(row: OutboxRow): Promise<Verdict> {
    const hook = this.targets.webhook(row.targetId);
    if (!hook) return dead("webhook deleted");
    const problem = webhookUrlProblem(hook.url, this.config.allowPrivateWebhooks);
    if (problem) return dead(problem);
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
      return retry(errorText(err));
    }
    // Not awaited: the runner records success before anything else can run.
    void res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return sent;
    const why = `${res.status} ${res.statusText}`.trim();
    if (res.status === 429) return retry(why, retryAfterMs(undefined, res));
    if (res.status >= 300 && res.status < 400) return dead(`${why}: redirects are not followed`);
    if (res.status >= 400 && res.status < 500 && res.status !== 408) return dead(why);
    return retry(why);
  }
}

async function hmacHex(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}
