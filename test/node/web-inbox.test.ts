// The web inbox in a real browser (Debian Chromium via playwright-core)
// against `wrangler dev`: served with its headers, live delivery, message
// view, downloads, resume after a lost socket, keyboard.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, MessageList } from "../../src/contract/wire";
import { corpusFiles, corpusFound } from "../corpus-dir";
import { claimRandom, launchBrowser, newPage as openPage, PNG, rfc822, simpleMail } from "./browser";
import { deliverHttp, type Service, startService } from "./service";

let svc: Service;
let browser: Browser;

beforeAll(async () => {
  [svc, browser] = await Promise.all([startService(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const newPage = () => openPage(browser, svc.url);

function b64lines(buf: Buffer): string {
  return buf.toString("base64").replace(/.{76}/g, "$&\n");
}

describe("web inbox", () => {
  it("is served at / and on app paths with security headers, beside the API", async () => {
    for (const path of ["/", "/some/app/path"]) {
      const res = await fetch(svc.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(await res.text()).toContain('<div id="app">');
    }
    const api = await fetch(`${svc.url}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as ErrorBody).error.code).toBe("not_found");
  });

  it("shows a delivered mail within 1 s without reload; code copies, attachment and raw download byte-identical, delete works", async () => {
    const { context, page } = await newPage();
    const complaints: string[] = [];
    page.on("console", (m) => (m.type() === "error" || /Content Security Policy/i.test(m.text())) && complaints.push(m.text()));
    const address = await claimRandom(page);
    await page.getByTestId("empty").waitFor();
    const payload = randomBytes(5000);
    const boundary = "b0undary";
    const raw = rfc822(
      {
        From: "Shop <shop@example.com>",
        To: address,
        Subject: "Confirm your account",
        "Message-ID": `<e2e-${Date.now()}@example.com>`,
        Date: "Wed, 25 Nov 2026 10:00:00 +0000",
        "MIME-Version": "1.0",
        "Content-Type": `multipart/mixed; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        `Content-Type: multipart/related; boundary="rel"`,
        "",
        "--rel",
        "Content-Type: text/html; charset=utf-8",
        "",
        `<p>Your code is <b>771204</b></p><img alt="logo" src="cid:logo@shop">`,
        "--rel",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-ID: <logo@shop>",
        "Content-Disposition: inline",
        "",
        b64lines(PNG),
        "--rel--",
        `--${boundary}`,
        'Content-Type: application/octet-stream; name="report.bin"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="report.bin"',
        "",
        b64lines(payload),
        `--${boundary}--`,
        "",
      ].join("\n"),
    );

    const started = performance.now();
    const res = await deliverHttp(svc.url, "shop@example.com", address, raw);
    expect(res.status).toBe(200);
    const row = page.locator("[data-id]").first();
    await row.waitFor({ timeout: 5000 });
    const visibleMs = performance.now() - started;
    console.log(`e2e time-to-visible: ${visibleMs.toFixed(0)} ms (POST to local email endpoint → row in the list)`);
    expect(visibleMs).toBeLessThan(1000);
    await expect.poll(() => page.title()).toBe("(1) Pigeonhole");

    await row.click();
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Confirm your account");
    expect(await page.getByTestId("code").textContent()).toBe("771204");
    await page.getByTestId("copy-code").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("771204");
    await expect.poll(() => page.title()).toBe("Pigeonhole");

    // The inline image came through the attachments endpoint into the frame as a data: URL.
    const srcdoc = await page.getByTestId("mail-frame").getAttribute("srcdoc");
    expect(srcdoc).toContain(`src="data:image/png;base64,${PNG.toString("base64")}"`);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download: report.bin" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("report.bin");
    expect(Buffer.compare(readFileSync((await download.path())!), payload)).toBe(0);

    const [eml] = await Promise.all([page.waitForEvent("download"), page.getByTestId("raw").click()]);
    expect(eml.suggestedFilename()).toMatch(/^message-\d+\.eml$/);
    const served = await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages/1/raw`, {
      headers: { authorization: `Bearer ${await token(page)}` },
    });
    expect(Buffer.compare(readFileSync((await eml.path())!), Buffer.from(await served.arrayBuffer()))).toBe(0);
    expect(readFileSync((await eml.path())!, "latin1")).toContain("Subject: Confirm your account");

    await page.getByTestId("delete").click();
    await page.getByTestId("empty").waitFor();
    const list = await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages`, {
      headers: { authorization: `Bearer ${await token(page)}` },
    });
    expect(((await list.json()) as MessageList).messages).toEqual([]);

    // More samples of time-to-visible, one mail at a time.
    const samples: number[] = [];
    for (let n = 2; n <= 6; n++) {
      const t0 = performance.now();
      await deliverHttp(svc.url, "s@example.com", address, simpleMail(address, n));
      await page.locator(`[data-id="${n}"]`).waitFor({ timeout: 5000 });
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    console.log(`time-to-visible over ${samples.length} more mails: median ${samples[2].toFixed(0)} ms, max ${samples[4].toFixed(0)} ms`);
    expect(samples[4]).toBeLessThan(1000);
    // Our own page runs under its CSP without a single violation or error.
    expect(complaints).toEqual([]);
    await context.close();
  });

  it("resumes after the socket is taken away: 3 mails sent meanwhile appear once, resumed with since=", async () => {
    const { context, page } = await newPage();
    let blocked = false;
    const urls: string[] = [];
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/ws\?/, (ws) => {
      urls.push(ws.url());
      if (blocked) return ws.close({ code: 4001, reason: "network down" });
      ws.connectToServer();
      open.push(ws);
    });
    const address = await claimRandom(page);
    await deliverHttp(svc.url, "s0@example.com", address, simpleMail(address, 0, "Before"));
    await page.locator("[data-id]").first().waitFor();

    blocked = true;
    for (const ws of open.splice(0)) await ws.close({ code: 4001, reason: "network down" });
    await page.locator('[data-testid=connection][data-state="offline"]').waitFor();
    for (let n = 1; n <= 3; n++)
      expect((await deliverHttp(svc.url, `s${n}@example.com`, address, simpleMail(address, n))).status).toBe(200);
    await page.waitForTimeout(300);
    expect(await page.locator("[data-id]").count()).toBe(1);

    blocked = false;
    await page.locator('[data-testid=connection][data-state="live"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator("[data-id]").count()).toBe(4);
    await page.waitForTimeout(300); // a duplicate would arrive by now
    const ids = await page.locator("[data-id]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-id"))));
    expect(ids).toEqual([4, 3, 2, 1]);
    expect(new URL(urls[0]).searchParams.get("since")).toBe("0");
    expect(new URL(urls[urls.length - 1]).searchParams.get("since")).toBe("1");
    await expect.poll(() => page.title()).toBe("(4) Pigeonhole");

    // Keyboard: j/k move, Enter opens, Delete deletes.
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Mail 2"); // id 3: "Before" was id 1
    await page.keyboard.press("Delete");
    await expect
      .poll(() => page.locator("[data-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-id"))))
      .toEqual(["4", "2", "1"]);

    await page.getByTestId("clear-all").click(); // asks first
    expect(await page.locator("[data-id]").count()).toBe(3);
    await page.getByTestId("clear-all").click();
    await page.getByTestId("empty").waitFor();
    await context.close();
  });

  it("keeps read marks in the mailbox: opening marks it read for the API, a mark made elsewhere shows live", async () => {
    const { context, page } = await newPage();
    const address = await claimRandom(page);
    for (let n = 1; n <= 2; n++) await deliverHttp(svc.url, "s@example.com", address, simpleMail(address, n));
    await expect.poll(() => page.locator("[data-id].unread").count()).toBe(2);
    const auth = { authorization: `Bearer ${await token(page)}` };
    const seen = async () => {
      const list = (await (await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages`, { headers: auth })).json()) as MessageList;
      return Object.fromEntries(list.messages.map((m) => [m.id, m.seen]));
    };
    await page.locator('[data-id="1"]').click();
    await expect.poll(seen).toEqual({ 1: true, 2: false });
    // Another client marks mail 2 read, then mail 1 unread: this tab follows without a reload.
    for (const [id, value] of [
      [2, true],
      [1, false],
    ] as const) {
      const res = await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages/${id}`, {
        method: "PATCH",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ seen: value }),
      });
      expect(res.status).toBe(200);
    }
    await expect
      .poll(() => page.locator("[data-id].unread").evaluateAll((els) => els.map((e) => e.getAttribute("data-id"))))
      .toEqual(["1"]);
    await expect.poll(() => page.title()).toBe("(1) Pigeonhole");
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("pigeonhole.read")))).toEqual([]);
    await context.close();
  });

  it.skipIf(!corpusFound)("opens every HTML mail of the corpus that the local endpoint accepts, without a page error", async () => {
    const { context, page } = await newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const address = await claimRandom(page);
    let delivered = 0;
    for (const { raw } of corpusFiles()) {
      if (!/text\/html/i.test(Buffer.from(raw).toString("latin1"))) continue;
      // The local endpoint is stricter than production (DESIGN.md §2) and refuses some; those are not the UI's business.
      if ((await deliverHttp(svc.url, "a@example.com", address, raw)).status === 200) delivered++;
    }
    expect(delivered).toBeGreaterThanOrEqual(10);
    await expect.poll(() => page.locator("[data-id]").count()).toBe(delivered);
    let framed = 0;
    for (let id = 1; id <= delivered; id++) {
      await page.locator(`[data-id="${id}"]`).click();
      const view = page.locator(`[data-testid=message-view][data-message="${id}"]`);
      await view.locator("[data-testid=mail-frame], [data-testid=text-body], [data-testid=no-text]").waitFor();
      framed += await view.locator("[data-testid=mail-frame]").count();
    }
    console.log(`corpus: ${delivered} HTML mails opened, ${framed} rendered in the sandboxed frame`);
    expect(framed).toBeGreaterThan(delivered / 2);
    expect(errors).toEqual([]);
    await context.close();
  });
});

async function token(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("pigeonhole.addresses")!)[0].token);
}
