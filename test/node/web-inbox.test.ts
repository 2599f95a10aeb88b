// The web inbox in a real browser (Debian Chromium via playwright-core)
// against `wrangler dev`: served with its headers, live delivery, message
// view, downloads, resume after a lost socket, keyboard.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, MessageList } from "../../src/contract/wire";
import { corpusFiles, corpusFound } from "../corpus-dir";
import { claimRandom, newPage as openPage, PNG, rfc822, simpleMail, startWithBrowser } from "./browser";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

let svc: Service;
let browser: Browser;

beforeAll(async () => {
  [svc, browser] = await startWithBrowser(sharedService());
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

  it("shows a delivered mail live, without reload, and counts it as unread in the title", async () => {
    const { context, page } = await newPage();
    const address = await claimRandom(page);
    await page.getByTestId("empty").waitFor();
    const started = performance.now();
    expect((await deliverHttp(svc.url, "shop@example.com", address, richMail(address))).status).toBe(200);
    // How fast is `npm run bench`'s web goal; here only that it comes, live (no reload, no polling).
    await page.locator('[data-id="1"]').waitFor({ timeout: 5000 });
    console.log(`e2e time-to-visible: ${(performance.now() - started).toFixed(0)} ms (POST to local email endpoint → row in the list)`);
    await expect.poll(() => page.title()).toBe("(1) Pigeonhole");
    await context.close();
  });

  it("opens a message: its code copies to the clipboard, its inline image comes through, it counts as read; no CSP complaint", async () => {
    const { context, page, address } = await withRichMail();
    const complaints: string[] = [];
    page.on("console", (m) => (m.type() === "error" || /Content Security Policy/i.test(m.text())) && complaints.push(m.text()));
    await page.locator('[data-id="1"]').click();
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Confirm your account");
    expect(await page.getByTestId("code").textContent()).toBe("771204");
    await page.getByTestId("copy-code").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("771204");
    await expect.poll(() => page.title()).toBe("Pigeonhole");
    // The inline image came through the attachments endpoint into the frame as a data: URL.
    const srcdoc = await page.getByTestId("mail-frame").getAttribute("srcdoc");
    expect(srcdoc).toContain(`src="data:image/png;base64,${PNG.toString("base64")}"`);
    expect(complaints, address).toEqual([]);
    await context.close();
  });

  it("downloads an attachment and the raw message, byte-identical", async () => {
    const { context, page, address } = await withRichMail();
    await page.locator('[data-id="1"]').click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download: report.bin" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("report.bin");
    expect(Buffer.compare(readFileSync((await download.path())!), PAYLOAD)).toBe(0);
    const [eml] = await Promise.all([page.waitForEvent("download"), page.getByTestId("raw").click()]);
    expect(eml.suggestedFilename()).toBe("message-1.eml");
    const served = await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages/1/raw`, {
      headers: { authorization: `Bearer ${await token(page)}` },
    });
    expect(Buffer.compare(readFileSync((await eml.path())!), Buffer.from(await served.arrayBuffer()))).toBe(0);
    expect(readFileSync((await eml.path())!, "latin1")).toContain("Subject: Confirm your account");
    await context.close();
  });

  it("deletes the open message, on the server too", async () => {
    const { context, page, address } = await withRichMail();
    await page.locator('[data-id="1"]').click();
    await page.getByTestId("delete").click();
    await page.getByTestId("empty").waitFor();
    const list = await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages`, {
      headers: { authorization: `Bearer ${await token(page)}` },
    });
    expect(((await list.json()) as MessageList).messages).toEqual([]);
    await context.close();
  });

  it("copies the address and a one-time link with their buttons, saying so on the button", async () => {
    const { context, page, address } = await withMail(linkMail);
    await page.getByTestId("copy-address").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    await expect.poll(() => page.getByTestId("copy-address").textContent()).toBe("Copied");
    await page.locator('[data-id="1"]').click();
    await page.getByTestId("copy-link").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(LINK);
    await context.close();
  });

  it("shows the text version on request, its links clickable, and back to HTML", async () => {
    const { context, page } = await withMail(linkMail);
    await page.locator('[data-id="1"]').click();
    await page.getByTestId("mail-frame").waitFor();
    await page.getByTestId("show-text").click();
    const text = page.getByTestId("text-body");
    await expect.poll(() => text.textContent()).toBe(`Confirm your email: ${LINK}\n`);
    expect(await text.locator("a").getAttribute("href")).toBe(LINK);
    expect(await page.getByTestId("mail-frame").count()).toBe(0);
    await page.getByRole("button", { name: "HTML", exact: true }).click();
    await page.getByTestId("mail-frame").waitFor();
    expect(await text.count()).toBe(0);
    await context.close();
  });

  it("resumes after the socket is taken away: mails sent meanwhile appear once, resumed with since=", async () => {
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
    // Stored by now; the socket is the page's only way to hear of them, and it is down.
    expect(await page.locator("[data-id]").count()).toBe(1);

    blocked = false;
    await page.locator('[data-testid=connection][data-state="live"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator("[data-id]").count()).toBe(4);
    const ids = await page.locator("[data-id]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-id"))));
    expect(ids).toEqual([4, 3, 2, 1]);
    expect(new URL(urls[0]).searchParams.get("since")).toBe("0");
    // The replay asked only for what the page had not seen: nothing can come twice.
    expect(new URL(urls[urls.length - 1]).searchParams.get("since")).toBe("1");
    await expect.poll(() => page.title()).toBe("(4) Pigeonhole");
    await context.close();
  });

  it("moves with j/k, opens with Enter, deletes with Delete", async () => {
    const { context, page } = await withMail((to) => [1, 2, 3].map((n) => simpleMail(to, n)));
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Mail 2"); // the first j selects the top one (3); j, k, j: one further down
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator("[data-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-id")))).toEqual(["3", "1"]);
    await context.close();
  });

  it("clear all asks first: the first click only arms the button, the second clears", async () => {
    const { context, page } = await withMail((to) => [1, 2].map((n) => simpleMail(to, n)));
    const clear = page.getByTestId("clear-all");
    expect(await clear.textContent()).toBe("Clear all");
    await clear.click();
    // Armed, asking; the list and the server keep every mail.
    await expect.poll(() => clear.textContent()).toBe("Sure?");
    expect(await clear.getAttribute("aria-label")).toBe("Clear all: Sure?");
    expect(await page.locator("[data-id]").count()).toBe(2);
    await clear.click();
    await page.getByTestId("empty").waitFor();
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

const PAYLOAD = randomBytes(5000);
const LINK = "https://example.com/verify?token=a1b2c3d4e5";

/** HTML with a code and an inline image, and a binary attachment. */
function richMail(to: string): string {
  return rfc822(
    {
      From: "Shop <shop@example.com>",
      To: to,
      Subject: "Confirm your account",
      "Message-ID": `<e2e-${Date.now()}@example.com>`,
      "MIME-Version": "1.0",
      "Content-Type": 'multipart/mixed; boundary="b0"',
    },
    [
      '--b0\nContent-Type: multipart/related; boundary="rel"\n\n--rel\nContent-Type: text/html; charset=utf-8\n',
      '<p>Your code is <b>771204</b></p><img alt="logo" src="cid:logo@shop">',
      "--rel\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <logo@shop>\nContent-Disposition: inline\n",
      `${b64lines(PNG)}\n--rel--\n--b0\nContent-Type: application/octet-stream; name="report.bin"\nContent-Transfer-Encoding: base64`,
      `Content-Disposition: attachment; filename="report.bin"\n\n${b64lines(PAYLOAD)}\n--b0--\n`,
    ].join("\n"),
  );
}

/** Text and HTML alternatives with a one-time link. */
function linkMail(to: string): string[] {
  return [
    rfc822(
      {
        From: "App <app@example.com>",
        To: to,
        Subject: "Confirm your email",
        "Message-ID": `<link-${Date.now()}@example.com>`,
        "MIME-Version": "1.0",
        "Content-Type": 'multipart/alternative; boundary="alt"',
      },
      `--alt\nContent-Type: text/plain; charset=utf-8\n\nConfirm your email: ${LINK}\n--alt\nContent-Type: text/html; charset=utf-8\n\n<p><a href="${LINK}">Confirm your email</a></p>\n--alt--\n`,
    ),
  ];
}

/** A fresh page on a new address holding the mails `make` writes, all shown in the list. */
async function withMail(make: (to: string) => string[]) {
  const { context, page } = await newPage();
  const address = await claimRandom(page);
  const mails = make(address);
  for (const raw of mails) expect((await deliverHttp(svc.url, "s@example.com", address, raw)).status).toBe(200);
  await expect.poll(() => page.locator("[data-id]").count()).toBe(mails.length);
  return { context, page, address };
}

const withRichMail = () => withMail((to) => [richMail(to)]);

async function token(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("pigeonhole.addresses")!)[0].token);
}
