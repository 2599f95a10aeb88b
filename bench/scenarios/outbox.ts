// Outbox timings against the checking fake Bot API (test/fake-remote/): from the
// delivery POST to the sendMessage the fake receives, and how long a delivery
// takes while the Bot API hangs (the outbox must never make a delivery wait).
import { FAKE_BOT_TOKEN, type FakeRequest, type FakeRule, startFakeRemote } from "../../test/fake-remote/server.ts";
import { startService } from "../../test/node/service.ts";
import { deliver, http, json } from "../lib/http.ts";
import { generatedMail } from "../lib/mail.ts";
import { now, type Summary, summarize } from "../lib/stats.ts";

export interface OutboxResult {
  /** delivery POST → sendMessage at the Bot API */
  push: Summary;
  /** the delivery POST's own round trip while the Bot API answers */
  deliveryUp: Summary;
  /** …and while every Bot API request hangs until our fetch timeout */
  deliveryDown: Summary;
}

const SECRET = "bench-webhook-secret";

export async function runOutbox(opts: { pushes: number; downDeliveries: number; run: string }): Promise<OutboxResult> {
  const fake = await startFakeRemote();
  const svc = await startService({
    vars: { TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE: fake.url },
  });
  const control = (path: string, body?: unknown) =>
    http(`${fake.url}/_control/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  const requests = async (key: string) => json<{ requests: FakeRequest[] }>(await control(`requests?key=${key}`)).requests;
  const script = (key: string, rules: FakeRule[]) => control("rules", { key, rules });
  try {
    const chat = 700_000_000 + Math.floor(Math.random() * 1e8);
    const key = `telegram:${chat}`;
    const update = { update_id: 1, message: { chat: { id: chat }, from: { language_code: "en" }, text: `/new ob-${opts.run}` } };
    const made = await http(`${svc.url}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
    const address = /<code>([^<]+)<\/code>/.exec(json<{ text: string }>(made).text)?.[1];
    if (!address) throw new Error(`outbox bench: /new failed: ${made.status} ${made.body}`);

    const push: number[] = [];
    const up: number[] = [];
    for (let i = 0; i < opts.pushes; i++) {
      const t0 = Date.now();
      const start = now();
      const r = await deliver(svc.url, "no-reply@service.example", address, generatedMail(i * 3, address, `ob-${i}`));
      up.push(now() - start);
      if (r.status !== 200) throw new Error(`outbox bench delivery ${i}: ${r.status} ${r.body}`);
      for (;;) {
        const got = await requests(key);
        if (got.length > i) {
          push.push(got[i].at - t0);
          break;
        }
        if (Date.now() - t0 > 10_000) throw new Error(`outbox bench: push ${i} never reached the Bot API`);
        await new Promise((res) => setTimeout(res, 2));
      }
    }

    await script(key, [{ mode: "hang" }]);
    const down: number[] = [];
    for (let i = 0; i < opts.downDeliveries; i++) {
      const start = now();
      const r = await deliver(svc.url, "no-reply@service.example", address, generatedMail(i * 3, address, `down-${i}`));
      down.push(now() - start);
      if (r.status !== 200) throw new Error(`outbox bench delivery while down ${i}: ${r.status} ${r.body}`);
    }
    return { push: summarize(push), deliveryUp: summarize(up), deliveryDown: summarize(down) };
  } finally {
    await svc.stop();
    await fake.close();
  }
}
