// Mail built to stall the web inbox: a body too long to show whole (clipped, and said so), HTML
// leaving tens of thousands of formatting tags open (the parser's work grows with their square:
// it froze the tab for 27 s), and an element with 200,000 children to unwrap (it overflowed the
// stack, leaving "Loading…"). Each opens in good time and the tab stays responsive.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRandom, newPage as openPage, rfc822, startWithBrowser } from "./browser";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

let svc: Service;
let browser: Browser;

beforeAll(async () => {
  [svc, browser] = await startWithBrowser(sharedService());
});
afterAll(async () => {
  await browser?.close();
});

const html = (to: string, subject: string, body: string) =>
  rfc822({ From: "heavy@example.com", To: to, Subject: subject, "Message-ID": id(), "Content-Type": "text/html; charset=utf-8" }, body);
const id = () => `<${crypto.randomUUID()}@example.com>`;

/** Opens the newest mail and waits for `testid`; then the page must answer at once (it is not frozen). */
async function opens(page: Page, testid: string): Promise<void> {
  await page.locator("[data-id]").first().click();
  await page.getByTestId(testid).waitFor({ timeout: 10_000 }); // normally well under a second
  const started = Date.now();
  await page.evaluate(() => 1);
  expect(Date.now() - started).toBeLessThan(2_000);
}

describe("web inbox: mail built to stall it", () => {
  async function inbox() {
    const { context, page } = await openPage(browser, svc.url);
    return { context, page, address: await claimRandom(page) };
  }

  it("says a body was clipped to be shown", async () => {
    const { context, page, address } = await inbox();
    const long = rfc822(
      { From: "news@example.com", To: address, Subject: "long", "Message-ID": id() },
      "A long line of a newsletter.\r\n".repeat(40_000),
    );
    expect((await deliverHttp(svc.url, "news@example.com", address, long)).status).toBe(200);
    await opens(page, "clipped-note");
    await context.close();
  });

  it("leaves out formatting tags that, left open by the ten thousand, would freeze the tab", async () => {
    const { context, page, address } = await inbox();
    const tangled = html(address, "tangled", `<p>Hello</p>${"<a><b><i><u><s>".repeat(10_000)}x`);
    expect((await deliverHttp(svc.url, "heavy@example.com", address, tangled)).status).toBe(200);
    await opens(page, "untangled-note");
    const frame = page.frameLocator("[data-testid=mail-frame]");
    await expect.poll(() => frame.locator("body").textContent(), { timeout: 10_000 }).toContain("Hello");
    await context.close();
  });

  it("unwraps an unknown element with 190,000 children", async () => {
    const { context, page, address } = await inbox();
    const wide = html(address, "wide", `<p>before</p><xyz>${"<br>".repeat(190_000)}</xyz><p>after</p>`);
    expect((await deliverHttp(svc.url, "heavy@example.com", address, wide)).status).toBe(200);
    await opens(page, "mail-frame");
    const frame = page.frameLocator("[data-testid=mail-frame]");
    await expect.poll(() => frame.locator("body").textContent(), { timeout: 10_000 }).toContain("after");
    await context.close();
  });
});
