// The bot and webhooks on the real `wrangler dev` (real alarms, the
// wrangler.toml bindings and migrations): a chat made with /new and a webhook
// both get every mail once, through a short Bot API outage. The Bot API is the
// checking fake of test/fake-remote/ (it refuses a wrong token and HTML
// Telegram could not parse). Push latency is measured by `npm run bench`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxReport } from "../../src/contract/wire";
import { FAKE_BOT_TOKEN, type FakeRemote, type FakeRequest, type FakeRule, startFakeRemote } from "../fake-remote/server";
import { deliverHttp, type Service, startService } from "./service";

const SECRET = "service-test-secret";
let fake: FakeRemote;
let svc: Service;

beforeAll(async () => {
  fake = await startFakeRemote();
  svc = await startService({
    vars: {
      TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_BASE: fake.url,
      ALLOW_PRIVATE_WEBHOOKS: "true",
      OUTBOX_BACKOFF_BASE_MS: "100",
    },
  });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

async function script(key: string, rules: FakeRule[]): Promise<void> {
  await fetch(`${fake.url}/_control/rules`, { method: "POST", body: JSON.stringify({ key, rules }) });
}

async function received(key: string): Promise<FakeRequest[]> {
  const res = await fetch(`${fake.url}/_control/requests?key=${encodeURIComponent(key)}`);
  return ((await res.json()) as { requests: FakeRequest[] }).requests;
}

/** Polls the owner's outbox until `ok` holds. */
async function outboxUntil(address: string, token: string, ok: (r: OutboxReport) => boolean, ms = 20_000): Promise<OutboxReport> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${svc.url}/api/v1/mailboxes/${address}/outbox`, { headers: { authorization: `Bearer ${token}` } });
    const report = (await res.json()) as OutboxReport;
    if (ok(report)) return report;
    if (Date.now() > deadline) throw new Error(`timed out; outbox ${JSON.stringify(report).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const mail = (to: string, subject: string, body: string) =>
  `From: a@example.com\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${Math.random()}@example.com>\r\n\r\n${body}\r\n`;

describe("Telegram and webhooks on wrangler dev", () => {
  it("a /new chat and a webhook both get the mail once, through a Bot API outage", async () => {
    const chatId = 4242;
    const update = { update_id: 1, message: { chat: { id: chatId }, from: { language_code: "en" }, text: "/new svc-bot" } };
    const res = await fetch(`${svc.url}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { text: string };
    const [address, token] = [...reply.text.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
    expect(address).toBe("svc-bot@pigeonhole.test");
    const hook = await fetch(`${svc.url}/api/v1/mailboxes/${address}/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ url: `${fake.url}/hook/svc` }),
    });
    expect(hook.status).toBe(201);

    await script(`telegram:${chatId}`, [{ mode: "status", status: 500, description: "down", times: 2 }]);
    expect((await deliverHttp(svc.url, "a@example.com", address, mail(address, "Outage", "Your code is 918273"))).status).toBeLessThan(300);
    // Both rows recorded sent: nothing more can leave for this mail, so the counts below are final.
    const report = await outboxUntil(address, token, (r) => r.counts.sent === 2);
    expect(report.counts).toEqual({ pending: 0, sending: 0, sent: 2, dead: 0 });
    const pushes = await received(`telegram:${chatId}`);
    expect(pushes.map((s) => s.status)).toEqual([500, 500, 200]);
    expect(pushes[2].path).toBe(`/bot${FAKE_BOT_TOKEN}/sendMessage`);
    const sent = JSON.parse(pushes[2].body);
    expect(sent).toMatchObject({ chat_id: chatId, parse_mode: "HTML" });
    expect(sent.text).toContain("<code>918273</code>");
    const hooks = await received("webhook:svc");
    expect(hooks.map((h) => h.status)).toEqual([200]);
    expect(JSON.parse(hooks[0].body)).toMatchObject({ event: "message", address, message: { subject: "Outage" } });
  });
});
