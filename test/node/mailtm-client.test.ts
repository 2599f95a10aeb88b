// An existing, unmodified mail.tm client library (@cemalgnlts/mailjs from npm)
// against `wrangler dev`. The only change: its two base URLs, which the
// library keeps as public instance properties (`baseUrl`, `baseMercure`).
import Mailjs from "@cemalgnlts/mailjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverHttp, type Service, startService } from "./service";

let svc: Service;
beforeAll(async () => {
  // Keep-alives every second, and a throttle quick enough to watch it lock and unlock.
  svc = await startService({
    vars: {
      MAILTM_KEEPALIVE_SECONDS: "1",
      LOGIN_SLOW_AFTER: "2",
      LOGIN_MAX_DELAY_SECONDS: "1",
      LOGIN_LOCK_AFTER: "4",
      LOGIN_LOCK_SECONDS: "3",
    },
  });
});
afterAll(async () => {
  await svc?.stop();
});

/** Mailjs's base URLs: plain instance properties at runtime (TypeScript calls them private). */
interface BaseUrls {
  baseUrl: string;
  baseMercure: string;
  token: string;
}

/** A mailjs client pointed at Pigeonhole: base URLs changed, nothing else. */
function client(): Mailjs {
  const mailjs = new Mailjs();
  const urls = mailjs as unknown as BaseUrls;
  urls.baseUrl = `${svc.url}/mailtm`;
  urls.baseMercure = `${svc.url}/mailtm/.well-known/mercure`;
  return mailjs;
}

function mail(to: string, subject: string, body: string): string {
  return (
    `From: Service <noreply@service.example>\r\nTo: ${to}\r\nSubject: ${subject}\r\n` +
    `Message-ID: <${crypto.randomUUID()}@service.example>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`
  );
}

describe("the Mercure-style stream over real HTTP", () => {
  it("flushes its headers at once and sends keep-alive comments", async () => {
    const mailjs = client();
    const created = await mailjs.createOneAccount();
    expect(created.status).toBe(true);
    const { id, token } = mailjs as unknown as { id: string; token: string };
    const ctrl = new AbortController();
    const res = await fetch(`${svc.url}/mailtm/.well-known/mercure?topic=/accounts/${id}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const until = Date.now() + 2600;
    while (Date.now() < until) {
      const { value, done } = await Promise.race([
        reader.read(),
        new Promise<{ value: undefined; done: false }>((r) => setTimeout(() => r({ value: undefined, done: false }), until - Date.now())),
      ]);
      if (done) break;
      if (value) text += value;
    }
    ctrl.abort();
    expect(text.startsWith(":ok\n\n")).toBe(true);
    expect(text.split(":\n\n").length - 1).toBeGreaterThanOrEqual(2);
  });
});

describe("brute-force throttling, as configured", () => {
  async function token(address: string, password: string) {
    const res = await fetch(`${svc.url}/mailtm/token`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ address, password }),
    });
    return { status: res.status, retryAfter: res.headers.get("retry-after") };
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("slows wrong passwords, then locks the address for LOGIN_LOCK_SECONDS, then lets the owner in", async () => {
    const mailjs = client();
    const created = await mailjs.createOneAccount();
    const { username: address, password } = created.data;
    expect((await token(address, "wrong one")).status).toBe(401);
    expect((await token(address, "wrong two")).status).toBe(401);
    expect(await token(address, "wrong three")).toEqual({ status: 429, retryAfter: "1" });
    await sleep(1100);
    expect((await token(address, "wrong three")).status).toBe(401);
    await sleep(1100);
    expect((await token(address, "wrong four")).status).toBe(401);
    // Fourth failure: locked, and the right password is refused too.
    expect(await token(address, password)).toEqual({ status: 429, retryAfter: "3" });
    await sleep(3100);
    expect((await token(address, password)).status).toBe(200);
    // Success wiped the count.
    expect((await token(address, "wrong again")).status).toBe(401);
  });
});

describe("@cemalgnlts/mailjs against Pigeonhole", () => {
  it("registers, logs in, receives live, lists, reads, marks seen, reads the source, deletes", async () => {
    const mailjs = client();
    const domains = await mailjs.getDomains();
    expect(domains.status).toBe(true);
    expect(domains.data[0].domain).toBe("pigeonhole.test");

    const address = `mailjs${Date.now().toString(36)}@pigeonhole.test`;
    const registered = await mailjs.register(address, "mailjs-password");
    expect(registered.statusCode).toBe(201);
    expect(registered.data.address).toBe(address);
    const login = await mailjs.login(address, "mailjs-password");
    expect(login.status).toBe(true);
    expect(login.data.id).toBe(registered.data.id);
    const me = await mailjs.me();
    expect(me.data.address).toBe(address);

    // Live arrival over the Mercure-style stream.
    const opened = new Promise<void>((resolve) => mailjs.on("open", () => resolve()));
    const arrived = new Promise<any>((resolve) => mailjs.on("arrive", resolve));
    await opened;
    const started = Date.now();
    const res = await deliverHttp(svc.url, "noreply@service.example", address, mail(address, "Welcome", "Your code is 902117"));
    expect(res.status).toBe(200);
    const event = await arrived;
    const latencyMs = Date.now() - started;
    expect(event.subject).toBe("Welcome");
    expect(event.intro).toContain("902117");
    console.log(`mailjs arrive event ${latencyMs} ms after the delivery POST`);

    const list = await mailjs.getMessages();
    expect(list.status).toBe(true);
    expect(list.data.map((m) => m.id)).toEqual([event.id]);
    const full = await mailjs.getMessage(event.id);
    expect(full.data.text).toContain("Your code is 902117");
    expect(full.data.from).toEqual({ name: "Service", address: "noreply@service.example" });
    const seen = await mailjs.setMessageSeen(event.id, true);
    expect(seen.data).toEqual({ seen: true });
    expect((await mailjs.getMessage(event.id)).data.seen).toBe(true);
    const source = await mailjs.getSource(event.id);
    expect(source.status).toBe(true);
    expect(source.data.data).toContain("Subject: Welcome");
    const deleted: any = await mailjs.deleteMessage(event.id);
    expect(deleted.statusCode).toBe(204);
    expect((await mailjs.getMessages()).data).toEqual([]);
    mailjs.off();
  });

  it("reports errors as mail.tm does: wrong password, someone else's account, unknown message", async () => {
    const a = client();
    const b = client();
    const created = await a.createOneAccount();
    expect(created.status).toBe(true);
    const other = await b.createOneAccount();
    expect(other.status).toBe(true);

    const wrong = await client().login(created.data.username, "definitely wrong");
    expect(wrong.status).toBe(false);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.message).toBe("Invalid credentials.");

    const foreign = await a.getAccount(b.id);
    expect(foreign.status).toBe(false);
    expect(foreign.statusCode).toBe(404);
    const unknown = await a.getMessage("0123456789abcdef01234567");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.message).toBe("Not Found");

    const oldToken = (a as unknown as BaseUrls).token;
    const gone: any = await a.deleteMe();
    expect(gone.statusCode).toBe(204);
    const again = await client().loginWithToken(oldToken);
    expect(again.status).toBe(false);
    expect(again.statusCode).toBe(401);
    expect(again.message).toBe("Invalid JWT Token");
    // B is untouched by A's departure.
    expect((await b.me()).status).toBe(true);
  });
});
