// Launches Debian's Chromium through playwright-core for the web inbox tests.
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { Service } from "./service";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * A service and a browser, started side by side. When either fails, the one that
 * did start is stopped before the error surfaces: a failed launch leaves no
 * `wrangler dev` behind.
 */
export async function startWithBrowser(service: Promise<Service>): Promise<[Service, Browser]> {
  const [svc, browser] = await Promise.allSettled([service, launchBrowser()]);
  if (svc.status === "fulfilled" && browser.status === "fulfilled") return [svc.value, browser.value];
  if (svc.status === "fulfilled") await svc.value.stop();
  if (browser.status === "fulfilled") await browser.value.close();
  throw svc.status === "rejected" ? svc.reason : (browser as PromiseRejectedResult).reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A raw RFC 822 message with CRLF line ends. */
export function rfc822(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return `${head}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`;
}

/** A one-part plain-text mail numbered n. */
export function simpleMail(to: string, n: number, subject = `Mail ${n}`): string {
  return rfc822(
    { From: `Sender ${n} <s${n}@example.com>`, To: to, Subject: subject, "Message-ID": `<m${n}-${Date.now()}@example.com>` },
    `Body of mail ${n}.\n`,
  );
}

/** A mail whose topmost header is the receiving service's verdict (`verdict`: "spf=pass; dkim=…; dmarc=…"). */
export function judgedMail(to: string, from: string, subject: string, verdict: string): string {
  return rfc822(
    {
      "Authentication-Results": `mx.cloudflare.net; ${verdict}`,
      From: from,
      To: to,
      Subject: subject,
      "Message-ID": `<${Date.now()}-${Math.random()}@example.com>`,
    },
    "Your code is 314159.\n",
  );
}

/** A fresh browser context on the service, allowed to use the clipboard and to download. */
export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, baseURL });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  return { context, page };
}

/** Opens the app and claims a random address; resolves once the socket is live. */
export async function claimRandom(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByTestId("random").click();
  const address = (await page.getByTestId("address").textContent())!.trim();
  await page.locator('[data-testid=connection][data-state="live"]').waitFor();
  return address;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
