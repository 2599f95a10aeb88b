// The bot and webhooks on the real `wrangler dev` (real alarms, the
// wrangler.toml bindings and migrations): a chat made with /new and a webhook
// both get every mail once, through a short Bot API outage; and how long a
// push takes from the delivery POST to the fake Bot API.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverHttp, type Service, startService } from "./service";

const TOKEN = "77:service-test-token";
const SECRET = "service-test-secret";
interface Seen {
  path: string;
  body: string;
  at: number;
  status: number;
}
const seen: Seen[] = [];
let failNextTelegram = 0;
let fake: Server;
let fakeUrl: string;
let svc: Service;

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const telegram = req.url === `/bot${TOKEN}/sendMessage`;
      const fail = telegram && failNextTelegram > 0;
      if (fail) failNextTelegram--;
      const status = fail ? 500 : 200;
      seen.push({ path: req.url ?? "", body, at: Date.now(), status });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? { ok: true, result: {} } : { ok: false, error_code: 500, description: "down" }));
    });
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  svc = await startService({
    vars: {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_BASE: fakeUrl,
      ALLOW_PRIVATE_WEBHOOKS: "true",
      OUTBOX_BACKOFF_BASE_MS: "100",
    },
  });
});
afterAll(async () => {
  await svc?.stop();
  await new Promise<void>((r) => fake.close(() => r()));
});

async function until(pred: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out; seen ${JSON.stringify(seen.map((s) => [s.path, s.status]))}`);
    await new Promise((r) => setTimeout(r, 5));
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
    const reply = await res.json<{ text: string }>();
    const [address, token] = [...reply.text.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
    expect(address).toBe("svc-bot@pigeonhole.test");
    const hook = await fetch(`${svc.url}/api/v1/mailboxes/${address}/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ url: `${fakeUrl}/hook/svc` }),
    });
    expect(hook.status).toBe(201);

    failNextTelegram = 2;
    expect((await deliverHttp(svc.url, "a@example.com", address, mail(address, "Outage", "Your code is 918273"))).status).toBeLessThan(300);
    await until(() => seen.some((s) => s.path.endsWith("/sendMessage") && s.status === 200) && seen.some((s) => s.path === "/hook/svc"));
    await new Promise((r) => setTimeout(r, 500));
    const pushes = seen.filter((s) => s.path.endsWith("/sendMessage"));
    expect(pushes.map((s) => s.status)).toEqual([500, 500, 200]);
    const sent = JSON.parse(pushes[2].body);
    expect(sent).toMatchObject({ chat_id: chatId, parse_mode: "HTML" });
    expect(sent.text).toContain("<code>918273</code>");
    expect(seen.filter((s) => s.path === "/hook/svc")).toHaveLength(1);
  });

  it("measures delivery → Bot API push latency with real alarms", async () => {
    const address = "svc-bot@pigeonhole.test";
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = seen.filter((s) => s.path.endsWith("/sendMessage")).length;
      const t0 = Date.now();
      await deliverHttp(svc.url, "a@example.com", address, mail(address, `Latency ${i}`, "hi"));
      await until(() => seen.filter((s) => s.path.endsWith("/sendMessage")).length > before);
      latencies.push(seen.filter((s) => s.path.endsWith("/sendMessage"))[before].at - t0);
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    console.log(
      `[wrangler dev] delivery POST → sendMessage at fake: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${latencies.at(-1)} ms (n=${latencies.length})`,
    );
    expect(p(0.5)).toBeLessThan(1000);
  });
});
