// Hostile mail in the web inbox: no script runs in any frame, nothing reaches
// a canary server, unless the user loads remote images (then only images).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PNG, startWithBrowser } from "./browser";
import { hostileMails, hostileRaw, js } from "./hostile-mails";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
}

let svc: Service;
let browser: Browser;
let canary: Server;
let canaryUrl: string;
const hits: Hit[] = [];

beforeAll(async () => {
  canary = createServer((req, res) => {
    hits.push({ path: req.url ?? "", headers: req.headers });
    if (req.url?.startsWith("/img/")) res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    else if (req.url?.startsWith("/css/")) res.writeHead(200, { "content-type": "text/css" }).end("body{background:red}");
    else res.writeHead(200, { "content-type": "text/html" }).end("<script>alert('canary')</script>");
  });
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
  canaryUrl = `http://127.0.0.1:${(canary.address() as { port: number }).port}`;
  [svc, browser] = await startWithBrowser(sharedService());
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await new Promise((r) => canary?.close(r));
});

interface Watch {
  context: BrowserContext;
  page: Page;
  ran: string[];
  dialogs: string[];
  popups: number;
}

/** A context where any script that runs, anywhere, is recorded. */
async function watchedPage(): Promise<Watch> {
  const context = await browser.newContext({ baseURL: svc.url });
  const w: Watch = { context, page: null!, ran: [], dialogs: [], popups: 0 };
  await context.exposeBinding("pwned", (_src, id: string) => void w.ran.push(id));
  context.on("page", () => w.popups++);
  w.page = await context.newPage();
  w.popups = 0;
  w.page.on("dialog", (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  return w;
}

/** Everything active left in a srcdoc, parsed the way the frame parses it. */
async function activeContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>("[data-testid=mail-frame]");
    if (!frame) return [];
    const found: string[] = [];
    const sandbox = frame.getAttribute("sandbox") ?? "";
    if (/allow-scripts|allow-same-origin|allow-forms|allow-top-navigation/.test(sandbox)) found.push(`sandbox: ${sandbox}`);
    const doc = new DOMParser().parseFromString(frame.srcdoc, "text/html");
    const csp = doc.head.firstElementChild?.nextElementSibling;
    if (csp?.getAttribute("http-equiv") !== "Content-Security-Policy" || !/default-src 'none'/.test(csp.getAttribute("content")!))
      found.push("csp meta missing");
    const metas = doc.querySelectorAll("meta[http-equiv]");
    if (metas.length !== 1) found.push(`${metas.length} http-equiv metas`);
    for (const el of doc.querySelectorAll(
      "script,iframe,frame,object,embed,base,form,input,button,link,svg,math,video,audio,noscript,template,textarea",
    ))
      found.push(`<${el.localName}>`);
    for (const el of doc.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (a.name.startsWith("on") || a.name === "srcdoc" || a.name === "ping" || a.name === "srcset" || a.name === "formaction")
          found.push(`${el.localName}[${a.name}]`);
        if (/^\s*(javascript|vbscript|data:text)/i.test(a.value)) found.push(`${el.localName}[${a.name}=${a.value.slice(0, 20)}]`);
      }
      if (el.localName === "a" && el.hasAttribute("href")) {
        if (!/^(https?|mailto|tel):/i.test(el.getAttribute("href")!)) found.push(`a[href=${el.getAttribute("href")}]`);
        if (el.getAttribute("target") !== "_blank" || el.getAttribute("rel") !== "noopener noreferrer")
          found.push("a without _blank/noopener noreferrer");
      }
      if (el.localName === "img" && el.hasAttribute("src") && !el.getAttribute("src")!.startsWith("data:image/"))
        found.push(`img[src=${el.getAttribute("src")}]`);
    }
    return found;
  });
}

describe("hostile mail in the web inbox", () => {
  beforeEach(() => {
    hits.length = 0;
  });

  it("the payloads are live: outside our frame they run and reach the canary (control)", async () => {
    const w = await watchedPage();
    await w.page.goto(`${canaryUrl}/control`); // the canary's own page: no CSP, scripts allowed
    w.dialogs.length = 0;
    w.ran.length = 0;
    const before = hits.length;
    const mails = hostileMails(canaryUrl);
    const html = ["script", "onerror", "cssurl", "import"].map((id) => mails.find((m) => m.id === id)!.html).join("");
    await w.page.setContent(html);
    await expect.poll(() => w.ran.length).toBeGreaterThan(0);
    await expect
      .poll(() => hits.slice(before).map((h) => h.path))
      .toEqual(expect.arrayContaining(["/js/script", "/js/onerror", "/img/inline-bg.png", "/css/import.css"]));
    expect(w.dialogs).toContain("script");
    expect(js(canaryUrl, "x")).toContain("pwned('x')");
    await w.context.close();
  });

  it("renders ≥ 20 hostile mails with no script run in any frame and no request to the canary", async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto("/");
    const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByTestId("random").click();
    const address = (await page.getByTestId("address").textContent())!.trim();
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();

    const mails = hostileMails(canaryUrl);
    expect(mails.length).toBeGreaterThanOrEqual(20);
    for (const m of mails) {
      const res = await deliverHttp(svc.url, "attacker@example.com", address, hostileRaw(m, address));
      expect(res.status, `${m.id}: ${await res.text()}`).toBe(200);
    }
    await expect.poll(() => page.locator("[data-id]").count()).toBe(mails.length);

    const problems: string[] = [];
    for (let i = 0; i < mails.length; i++) {
      const m = mails[i];
      await page.locator(`[data-id="${i + 1}"]`).click(); // ids follow delivery order
      await expect.poll(() => page.getByTestId("subject").textContent(), { message: m.id }).toBe(m.subject);
      if (m.html) {
        await page.getByTestId("mail-frame").waitFor();
        for (const p of await activeContent(page)) problems.push(`${m.id}: ${p}`);
      }
      if (m.attachment) expect(await page.getByTestId("attachments").locator(".filename").textContent()).toBe(m.attachment.filename);
      if (m.text && !m.html) expect((await page.getByTestId("text-body").textContent())!.trim()).toBe(m.text);
      await page.waitForTimeout(150); // let any load or timer fire
    }
    // The frame's own CSS did not restyle our page.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bodyBg);
    expect(await page.locator("header.top").isVisible()).toBe(true);

    expect({ problems, ran: w.ran, dialogs: w.dialogs, requests: hits.map((h) => h.path) }).toEqual({
      problems: [],
      ran: [],
      dialogs: [],
      requests: [],
    });
    expect(await page.evaluate(() => window.name)).toBe("");
    expect(new URL(page.url()).origin).toBe(svc.url);
    expect(w.popups).toBe(0);
    await w.context.close();
  });

  it("loads only images, without a referrer, once the user asks for this message's remote images", async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto("/");
    await page.getByTestId("random").click();
    const address = (await page.getByTestId("address").textContent())!.trim();
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();
    const all = hostileMails(canaryUrl);
    const mixed = {
      id: "mixed",
      subject: "Everything remote",
      html: ["remote", "cssurl", "import", "media", "iframe", "script", "base", "svg", "cssescape"]
        .map((id) => all.find((m) => m.id === id)!.html)
        .join(""),
    };
    expect((await deliverHttp(svc.url, "a@example.com", address, hostileRaw(mixed, address))).status).toBe(200);
    await page.locator("[data-id]").first().click();
    await page.getByTestId("mail-frame").waitFor();
    await page.waitForTimeout(300);
    expect(hits).toEqual([]);

    await page.getByTestId("load-remote").click();
    await expect
      .poll(() => hits.map((h) => h.path).sort())
      .toEqual(expect.arrayContaining(["/img/bg.png", "/img/inline-bg.png", "/img/remote.png"]));
    await page.waitForTimeout(500);
    const paths = hits.map((h) => h.path);
    expect(paths.filter((p) => !p.startsWith("/img/"))).toEqual([]);
    expect(hits.filter((h) => h.headers.referer)).toEqual([]);
    expect(w.ran).toEqual([]);
    expect(w.dialogs).toEqual([]);
    console.log(`remote images loaded on request: ${[...new Set(paths)].sort().join(", ")}`);

    // The permission was for that message only: the next one starts blocked again.
    const next = { id: "next", subject: "Next", html: `<img src="${canaryUrl}/img/next.png">` };
    expect((await deliverHttp(svc.url, "a@example.com", address, hostileRaw(next, address))).status).toBe(200);
    await page.locator('[data-id="2"]').click();
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Next");
    await page.getByTestId("load-remote").waitFor();
    await page.waitForTimeout(300);
    expect(hits.map((h) => h.path)).not.toContain("/img/next.png");
    await page.getByTestId("load-remote").click();
    await expect.poll(() => hits.map((h) => h.path)).toContain("/img/next.png");
    await w.context.close();
  });
});
