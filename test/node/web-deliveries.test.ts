// Sender verdicts, Junk and the delivery log in a real browser (Debian Chromium) against
// `wrangler dev` with JUNK_ON_DMARC_FAIL on: the badge says each result in words, a DMARC
// failure sits under Junk with a note, and the delivery log (a chunk loaded on first use)
// lists attempts and blocks a sender so that the next mail from it is refused.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRandom, judgedMail, newPage, startWithBrowser } from "./browser";
import { deliverHttp, type Service, startService } from "./service";

let svc: Service;
let browser: Browser;

beforeAll(async () => {
  [svc, browser] = await startWithBrowser(startService({ vars: { JUNK_ON_DMARC_FAIL: "true" } }));
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const texts = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.textContent?.trim()));

describe("sender verdicts, Junk and the delivery log in the web inbox", () => {
  it("shows the verdict in words, files a DMARC failure under Junk, and the log blocks a sender", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const scripts: string[] = [];
    page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    const address = await claimRandom(page);

    const good = judgedMail(address, "Shop <shop@example.com>", "Welcome", "spf=pass; dkim=pass header.d=example.com; dmarc=pass");
    const bad = judgedMail(address, "Bank <alerts@bank.example>", "Verify now", "spf=softfail; dkim=none; dmarc=fail");
    expect((await deliverHttp(svc.url, "shop@example.com", address, good)).status).toBe(200);
    expect((await deliverHttp(svc.url, "alerts@bank.example", address, bad)).status).toBe(200);

    // The inbox holds only the mail that passed; Junk counts the other.
    await expect.poll(() => texts(page, "[data-id] .subject")).toEqual(["unread: Welcome"]);
    await expect.poll(() => page.getByTestId("folder-junk").textContent()).toBe("Junk 1");
    await page.locator("[data-id]").first().click();
    await expect.poll(() => texts(page, "[data-testid=auth] .chip")).toEqual(["SPF pass", "DKIM pass", "DMARC pass"]);
    expect(await page.getByTestId("junk-note").count()).toBe(0);

    await page.keyboard.press("Escape");
    await page.getByTestId("folder-junk").click();
    await expect.poll(() => texts(page, "[data-id] .subject")).toEqual(["unread: Verify now"]);
    expect(await page.getByTestId("auth-warning").textContent()).toBe("DMARC fail");
    await page.locator("[data-id]").first().click();
    await page.getByTestId("junk-note").waitFor();
    await expect.poll(() => texts(page, "[data-testid=auth] .chip")).toEqual(["SPF softfail", "DKIM none", "DMARC fail"]);
    // The fail is said in words; its colour is not the only sign.
    expect(await page.locator('[data-testid=auth] [data-method="dmarc"]').evaluate((e) => e.className)).toContain("auth-fail");

    // The log's code is fetched only now.
    await page.keyboard.press("Escape");
    expect(scripts.some((s) => s.includes("deliveries"))).toBe(false);
    await page.getByTestId("show-deliveries").click();
    await page.getByTestId("attempts").waitFor();
    expect(scripts.some((s) => s.includes("deliveries"))).toBe(true);
    await expect
      .poll(() => page.getByTestId("attempt").evaluateAll((els) => els.map((e) => e.getAttribute("data-outcome"))))
      .toEqual(["junk", "accepted"]);
    expect(await page.getByTestId("attempt").first().textContent()).toContain("Failed DMARC");

    // Block the bank's domain by typing it, then the shop's address from its row.
    await page.getByTestId("block-input").fill("*@bank.example");
    await page.getByTestId("block-submit").click();
    await expect.poll(() => texts(page, "[data-testid=blocked] .sender")).toEqual(["*@bank.example"]);
    await page.getByRole("button", { name: "Block shop@example.com" }).click();
    await expect.poll(() => texts(page, "[data-testid=blocked] .sender")).toEqual(["*@bank.example", "shop@example.com"]);

    const refused = await deliverHttp(
      svc.url,
      "alerts@bank.example",
      address,
      judgedMail(address, "alerts@bank.example", "Again", "dmarc=pass"),
    );
    expect(refused.status).not.toBe(200);
    await page.getByTestId("deliveries-refresh").click();
    await expect.poll(() => page.getByTestId("attempt").first().getAttribute("data-reason")).toBe("blocked_sender");
    expect(await page.getByTestId("attempt").first().textContent()).toContain("blocks mail from the domain bank.example");

    // Unblocking the shop takes it off the list; opening a logged mail closes the log.
    await page.getByRole("button", { name: "Unblock shop@example.com" }).click();
    await expect.poll(() => texts(page, "[data-testid=blocked] .sender")).toEqual(["*@bank.example"]);
    await page.getByTestId("attempt").nth(2).getByRole("button", { name: "Open" }).click();
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Welcome");
    expect(await page.getByTestId("deliveries").count()).toBe(0);
    await context.close();
  });
});
