// Read marks in the web inbox live in the mailbox (not the browser): opening a
// mail marks it read for the API, and marks made by other clients show at once.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageList } from "../../src/contract/wire";
import { claimRandom, newPage as openPage, simpleMail, startWithBrowser } from "./browser";
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

const newPage = () => openPage(browser, svc.url);

async function token(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("pigeonhole.addresses")!)[0].token);
}

/** A page on a new address with two unread mails, the first then opened (so read); `seen` asks the API. */
async function twoMailsFirstOpened() {
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
  return { context, page, address, auth, seen };
}

describe("web inbox read marks", () => {
  it("keeps read marks in the mailbox: opening marks it read for the API, a mark made elsewhere shows live", async () => {
    const { context, page, address, auth } = await twoMailsFirstOpened();
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

  it("marks a mail unread from the open message or with u, closes it, and gives focus back to its row", async () => {
    const { context, page, seen } = await twoMailsFirstOpened();
    await page.getByTestId("mark-unread").click();
    await expect.poll(() => page.getByTestId("message-view").count()).toBe(0);
    await expect.poll(seen).toEqual({ 1: false, 2: false });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-id"))).toBe("1");
    expect(await page.locator('[data-id="1"]').getAttribute("class")).toContain("unread");
    // The keyboard: Enter opens the focused row (read), u marks it unread again.
    await page.keyboard.press("Enter");
    await expect.poll(seen).toEqual({ 1: true, 2: false });
    await page.keyboard.press("u");
    await expect.poll(seen).toEqual({ 1: false, 2: false });
    await expect.poll(() => page.getByTestId("message-view").count()).toBe(0);
    await expect.poll(() => page.title()).toBe("(2) Pigeonhole");
    await context.close();
  });
});
