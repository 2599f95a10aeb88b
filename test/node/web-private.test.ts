// A private site and Turnstile in Chromium: the page asks for the site password
// first (axe-checked), then works as ever (HTTP and the live socket carry the
// site token); creating an address shows Turnstile's widget and sends its token,
// which the service checks with a siteverify stand-in on 127.0.0.1. Cloudflare's
// widget script is answered by a stand-in too (no network here), served from
// Cloudflare's origin so the page's CSP is what admits it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeViolations, expectAccessible } from "./a11y";
import { launchBrowser, simpleMail } from "./browser";
import { deliverHttp, type Service, startService } from "./service";

const SITE_PASSWORD = "the private site's password";
const TURNSTILE_SECRET = "turnstile secret for the browser test";
let svc: Service;
let browser: Browser;
let verifier: Server;
const verified: URLSearchParams[] = [];

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

beforeAll(async () => {
  verifier = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      verified.push(form);
      const ok = form.get("secret") === TURNSTILE_SECRET && (form.get("response") ?? "").startsWith("pass-");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: ok }));
    });
  });
  await new Promise<void>((r) => verifier.listen(0, "127.0.0.1", r));
  const vars = {
    SITE_PASSWORD,
    TURNSTILE_SECRET,
    TURNSTILE_SITE_KEY: "0x4AAAAAAA-test-site-key",
    TURNSTILE_VERIFY_URL: `http://127.0.0.1:${(verifier.address() as AddressInfo).port}/siteverify`,
  };
  [svc, browser] = await Promise.all([startService({ vars }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await new Promise((r) => verifier?.close(r));
});

async function privatePage(opts: { colorScheme?: "light" | "dark"; viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ baseURL: svc.url, ...opts });
  await context.route("https://challenges.cloudflare.com/turnstile/v0/api.js*", (route) =>
    route.fulfill({ body: FAKE_WIDGET, contentType: "text/javascript" }),
  );
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  return { context, page };
}

async function enter(page: Page): Promise<void> {
  await page.getByTestId("site-password").fill(SITE_PASSWORD);
  await page.getByRole("button", { name: "Enter" }).click();
}

describe("a private site in the browser", () => {
  it("asks for the password first, then creates an address through Turnstile and receives mail live", async () => {
    const { context, page } = await privatePage();
    await page.goto("/");
    await page.getByTestId("site-gate").waitFor();
    expect(await page.getByTestId("random").count()).toBe(0);
    await page.getByTestId("site-password").fill("a guess");
    await page.getByRole("button", { name: "Enter" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("That is not the site password.");
    await enter(page);
    await page.getByTestId("turnstile").getByText("Human check passed").waitFor();
    await page.getByTestId("random").click();
    const address = (await page.getByTestId("address").textContent())!.trim();
    expect(address).toMatch(/@pigeonhole\.test$/);
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();
    const token = verified.at(-1);
    expect(token?.get("secret")).toBe(TURNSTILE_SECRET);
    expect(token?.get("response")).toMatch(/^pass-/);
    expect((await deliverHttp(svc.url, "s@example.com", address, simpleMail(address, 1, "Behind the gate"))).status).toBe(200);
    await page.locator("[data-id]").first().waitFor();
    // The site token is kept: a reload goes straight to the inbox.
    await page.reload();
    await expect.poll(() => page.getByTestId("address").textContent()).toBe(address);
    expect(await page.getByTestId("site-gate").count()).toBe(0);
    await context.close();
  });

  it("keeps the admin console behind the same gate", async () => {
    const { context, page } = await privatePage();
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
      const { context, page } = await privatePage({ colorScheme: variant.colorScheme, viewport: variant.viewport });
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
