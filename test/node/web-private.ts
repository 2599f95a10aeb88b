// A private site and Turnstile in the browser, run on web-admin.test.ts's service
// (private, with Turnstile): the page asks for the site password first
// (axe-checked), then works as ever (HTTP and the live socket carry the site
// token); creating an address shows Turnstile's widget and sends its token,
// which the service checks with a siteverify stand-in on 127.0.0.1. Cloudflare's
// widget script is answered by a stand-in too (no network here), served from
// Cloudflare's origin so the page's CSP is what admits it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeViolations, expectAccessible } from "./a11y";
import { simpleMail } from "./browser";
import { deliverHttp, type Service } from "./service";

export const SITE_PASSWORD = "the private site's password";
export const TURNSTILE_SECRET = "turnstile secret for the browser test";

/** Turnstile's widget as the page sees it: renders, then hands over a token. */
const FAKE_WIDGET = `window.turnstile = {
  render(el, opts) {
    const box = document.createElement("p");
    box.textContent = "Human check passed";
    el.appendChild(box);
    setTimeout(() => opts.callback("pass-" + Math.random().toString(36).slice(2)), 30);
    return "w" + Math.random();
  },
  remove() {},
};`;

export interface Verifier {
  url: string;
  /** every form siteverify was sent, in order */
  seen: URLSearchParams[];
  close: () => Promise<void>;
}

/** Turnstile's siteverify as the service meets it: only our secret and tokens starting "pass-" succeed. */
export async function startVerifier(): Promise<Verifier> {
  const seen: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      seen.push(form);
      const ok = form.get("secret") === TURNSTILE_SECRET && (form.get("response") ?? "").startsWith("pass-");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: ok }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`;
  return { url, seen, close: () => new Promise((r) => server.close(() => r())) };
}

/** Answers Cloudflare's widget script in this context with the stand-in. */
export async function withTurnstile(context: BrowserContext): Promise<void> {
  await context.route("https://challenges.cloudflare.com/turnstile/v0/api.js*", (route) =>
    route.fulfill({ body: FAKE_WIDGET, contentType: "text/javascript" }),
  );
}

async function gatedPage(browser: Browser, baseURL: string, opts: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ baseURL, ...opts });
  await withTurnstile(context);
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  return { context, page };
}

async function enter(page: Page): Promise<void> {
  await page.getByTestId("site-password").fill(SITE_PASSWORD);
  await page.getByRole("button", { name: "Enter" }).click();
}

export function privateSiteTests(env: () => { svc: Service; browser: Browser; verifier: Verifier }): void {
  describe("a private site in the browser", () => {
    it("asks for the password first, then creates an address through Turnstile and receives mail live", async () => {
      const { svc, browser, verifier } = env();
      const { context, page } = await gatedPage(browser, svc.url);
      await page.goto("/");
      await page.getByTestId("site-gate").waitFor();
      expect(await page.getByTestId("random").count()).toBe(0);
      await page.getByTestId("site-password").fill("a guess");
      await page.getByRole("button", { name: "Enter" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toBe("That is not the site password.");
      await enter(page);
      await page.getByTestId("turnstile").getByText("Human check passed").waitFor();
      await page.getByTestId("random").click();
      await page.locator('[data-testid=connection][data-state="live"]').waitFor();
      const address = (await page.getByTestId("address").textContent())!.trim();
      expect(address).toMatch(/@pigeonhole\.test$/);
      const form = verifier.seen.at(-1);
      expect(form?.get("secret")).toBe(TURNSTILE_SECRET);
      expect(form?.get("response")).toMatch(/^pass-/);
      expect((await deliverHttp(svc.url, "s@example.com", address, simpleMail(address, 1, "Behind the gate"))).status).toBe(200);
      await page.locator("[data-id]").first().waitFor();
      // The site token is kept: a reload goes straight to the inbox.
      await page.reload();
      await expect.poll(() => page.getByTestId("address").textContent()).toBe(address);
      expect(await page.getByTestId("site-gate").count()).toBe(0);
      await context.close();
    });

    it("keeps the admin console behind the same gate", async () => {
      const { svc, browser } = env();
      const { context, page } = await gatedPage(browser, svc.url);
      await page.goto("/admin");
      await page.getByTestId("site-gate").waitFor();
      await enter(page);
      await page.getByTestId("admin-password").waitFor();
      await context.close();
    });

    for (const variant of [
      { name: "light, desktop", colorScheme: "light", viewport: { width: 1280, height: 800 } },
      { name: "dark, 360 px", colorScheme: "dark", viewport: { width: 360, height: 740 } },
    ] as const) {
      it(`the gate and the Turnstile panel pass axe: ${variant.name}`, async () => {
        const { svc, browser } = env();
        const { context, page } = await gatedPage(browser, svc.url, { colorScheme: variant.colorScheme, viewport: variant.viewport });
        await page.goto("/");
        await page.getByTestId("site-gate").waitFor();
        expect(describeViolations(await expectAccessible(page, `${variant.name}: gate`)), "any violation").toEqual([]);
        await enter(page);
        await page.getByTestId("turnstile").getByText("Human check passed").waitFor();
        expect(describeViolations(await expectAccessible(page, `${variant.name}: with Turnstile`)), "any violation").toEqual([]);
        await context.close();
      });
    }
  });
}
