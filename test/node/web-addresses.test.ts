// The web inbox's addresses and preferences in a real browser: chosen and
// random names, errors, switching, share links and pasted credentials,
// message links (Telegram/webhook), language, theme, a 360 px phone, desktop notifications.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboxLink } from "../../objects/mailbox/notice";
import { claimRandom, newPage as openPage, rfc822, simpleMail, startWithBrowser } from "./browser";
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

describe("web inbox: addresses and preferences", () => {
  it("chosen names, taken-name errors, several addresses, and a share link that opens the inbox elsewhere", async () => {
    const { context, page } = await newPage();
    await page.goto("/");
    const name = `alice${Date.now() % 100000}`;
    await page.getByTestId("name").fill(name);
    await page.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => page.getByTestId("address").textContent()).toBe(`${name}@pigeonhole.test`);

    await page.getByTestId("new-address").click();
    await page.getByTestId("name").fill(name);
    await page.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => page.getByTestId("error").textContent()).toContain("taken");
    await page.getByTestId("name").fill("bad!name");
    await page.getByRole("button", { name: "Create" }).click();
    await expect
      .poll(() => page.getByTestId("error").textContent())
      .toBe("Not a valid name: name may contain only a-z, 0-9, '.', '_' and '-'.");

    await page.getByTestId("random").click();
    await expect.poll(() => page.getByTestId("address").textContent()).not.toBe(`${name}@pigeonhole.test`);
    const second = (await page.getByTestId("address").textContent())!;
    await page.getByTestId("switch").selectOption(`${name}@pigeonhole.test`);
    await expect.poll(() => page.getByTestId("address").textContent()).toBe(`${name}@pigeonhole.test`);
    await page.reload();
    expect(await page.getByTestId("switch").locator("option").count()).toBe(2);

    await page.getByTestId("copy-share").click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/\/#token=/);
    const other = await browser.newContext({ baseURL: svc.url });
    const phone = await other.newPage();
    await phone.goto(link);
    // A link's address is taken only when asked: it could be someone else's, in a mail.
    await phone.getByTestId("replace-yes").click();
    await expect.poll(() => phone.getByTestId("address").textContent()).toBe(`${name}@pigeonhole.test`);
    expect(phone.url()).not.toContain("token");
    await deliverHttp(svc.url, "x@example.com", `${name}@pigeonhole.test`, simpleMail(`${name}@pigeonhole.test`, 9, "Shared"));
    await phone.locator("[data-id]").first().waitFor();

    // Pasting the bare credential works too.
    const laptop = await browser.newContext({ baseURL: svc.url });
    const tab = await laptop.newPage();
    await tab.goto("/");
    await tab.getByRole("textbox", { name: "Credential or share link" }).fill(new URL(link).hash.slice("#token=".length));
    await tab.getByRole("button", { name: "Open", exact: true }).click();
    await expect.poll(() => tab.getByTestId("address").textContent()).toBe(`${name}@pigeonhole.test`);
    await tab.locator("[data-id]").first().waitFor();
    await laptop.close();

    const remove = page.getByTestId("delete-address");
    await remove.click();
    // Armed, asking: the address is still open here and on the other device.
    await expect.poll(() => remove.textContent()).toBe("Sure?");
    expect(await remove.getAttribute("aria-label")).toBe("Delete address: Sure?");
    expect(await page.getByTestId("address").textContent()).toBe(`${name}@pigeonhole.test`);
    expect(await phone.locator('[data-testid=connection][data-state="live"]').count()).toBe(1);
    await remove.click();
    await expect.poll(() => page.getByTestId("address").textContent()).toBe(second);
    // The other device is told at once that the address is gone.
    await phone.locator('[data-testid=connection][data-state="ended"]').waitFor({ timeout: 5000 });
    await other.close();

    // A credential the server does not accept is said so, and not saved (web-share-link.test.ts has more).
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const forged = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: "ghost@pigeonhole.test", mbx: "x", exp: 4102444800 })}.${"A".repeat(43)}`;
    await page.getByTestId("new-address").click();
    await page.getByRole("textbox", { name: "Credential or share link" }).fill(forged);
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await expect.poll(() => page.getByTestId("error").textContent()).toContain("does not accept that credential");
    expect(await page.evaluate(() => localStorage.getItem("pigeonhole.addresses"))).not.toContain("ghost@");
    // One that stops being accepted while open (signed out everywhere, elsewhere) ends up said so, not retried forever.
    const held: string = await page.evaluate(() => JSON.parse(localStorage.getItem("pigeonhole.addresses")!)[0].token);
    const revoked = await fetch(`${svc.url}/api/v1/mailboxes/${second.trim()}/sessions/revoke`, {
      method: "POST",
      headers: { authorization: `Bearer ${held}` },
    });
    expect(revoked.status).toBe(200);
    await page.locator('[data-testid=connection][data-state="refused"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("connection").textContent()).toBe("This credential is no longer valid.");
    await context.close();
  });

  it("opens the message a Telegram/webhook link names where the address is held, keeps it in the bar, and says so where it is not", async () => {
    const { context, page } = await newPage();
    const address = await claimRandom(page);
    for (const n of [1, 2]) expect((await deliverHttp(svc.url, "s@example.com", address, simpleMail(address, n))).status).toBe(200);
    await expect.poll(() => page.locator("[data-id]").count()).toBe(2);
    const token: string = await page.evaluate(() => JSON.parse(localStorage.getItem("pigeonhole.addresses")!)[0].token);

    // The link exactly as the Telegram push and the webhook render it.
    const first = inboxLink(svc.url, address, 1);
    const tab = await context.newPage();
    await tab.goto(first);
    await tab.locator('[data-testid=message-view][data-message="1"]').waitFor({ timeout: 5000 });
    expect(await tab.getByTestId("subject").textContent()).toBe("Mail 1");
    expect(tab.url()).toBe(first);

    // Opening another message rewrites the fragment in place (Back is not polluted); a reload keeps it open.
    const entries = await tab.evaluate(() => history.length);
    await tab.locator('[data-id="2"]').click();
    await expect.poll(() => tab.url()).toBe(inboxLink(svc.url, address, 2));
    expect(await tab.evaluate(() => history.length)).toBe(entries);
    await tab.reload();
    await tab.locator('[data-testid=message-view][data-message="2"]').waitFor({ timeout: 5000 });
    expect(tab.url()).not.toContain(token);
    await tab.getByRole("button", { name: "Back to inbox" }).click();
    await expect.poll(() => tab.url()).toBe(`${svc.url}/`);
    // A link pasted into the bar of the open tab (only the fragment changes, no reload) is followed too.
    await tab.evaluate((hash) => (location.hash = hash), new URL(first).hash);
    await tab.locator('[data-testid=message-view][data-message="1"]').waitFor({ timeout: 5000 });

    // Another browser that never opened the address: told so (en, zh), offered the credential input, which then opens the message.
    const other = await browser.newContext({ baseURL: svc.url });
    const stranger = await other.newPage();
    await stranger.goto(first);
    const notice = stranger.getByTestId("not-here-text");
    await expect
      .poll(() => notice.textContent())
      .toBe(
        `The linked message is in ${address}, which isn't opened in this browser. Paste its credential or share link below to open it.`,
      );
    await stranger.getByTestId("lang").click();
    await expect.poll(() => notice.textContent()).toContain(`${address}，此浏览器尚未打开该地址`);
    await stranger.getByTestId("lang").click();
    expect(stranger.url()).toBe(first);
    await stranger.getByRole("textbox", { name: "Credential or share link" }).fill(token);
    await stranger.getByRole("button", { name: "Open", exact: true }).click();
    await stranger.locator('[data-testid=message-view][data-message="1"]').waitFor({ timeout: 5000 });
    expect(await notice.count()).toBe(0);
    await other.close();
    await context.close();
  });

  it("follows the browser's language and colour scheme, switchable, and fits a 360 px phone", async () => {
    const context = await browser.newContext({
      baseURL: svc.url,
      locale: "zh-CN",
      colorScheme: "dark",
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    await page.goto("/");
    await expect.poll(() => page.getByTestId("random").textContent()).toBe("随机地址");
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe("rgb(17, 19, 24)");
    await page.getByTestId("lang").click();
    await expect.poll(() => page.getByTestId("random").textContent()).toBe("Random address");
    await page.getByTestId("theme").click(); // auto → light
    expect(await bg()).toBe("rgb(246, 247, 249)");
    await page.getByTestId("random").click();
    const address = (await page.getByTestId("address").textContent())!.trim();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const long = rfc822(
      {
        From: "A very long sender display name that goes on <a.very.long.sender.address@subdomain.example.com>",
        To: address,
        Subject: "Please confirm: https://example.com/confirm/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Message-ID": `<long-${Date.now()}@example.com>`,
        "Content-Type": "text/html",
      },
      `<table width="800"><tr><td>Code 424242 https://example.com/confirm/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb</td></tr></table>`,
    );
    await deliverHttp(svc.url, "a@example.com", address, long);
    await page.locator("[data-id]").first().click();
    await page.getByTestId("mail-frame").waitFor();
    expect(await page.getByTestId("messages").isVisible()).toBe(false); // one pane at a time on a phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole("button", { name: "Back to inbox" }).click();
    await page.getByTestId("messages").waitFor();
    await context.close();
  });

  it("asks for desktop notifications only when the bell is clicked, and notifies only while the tab is hidden", async () => {
    const context = await browser.newContext({ baseURL: svc.url });
    await context.addInitScript(() => {
      const w = window as any;
      w.__notes = [];
      w.__asked = 0;
      w.__hidden = false;
      Object.defineProperty(document, "visibilityState", { get: () => (w.__hidden ? "hidden" : "visible") });
      class FakeNotification {
        static permission = "default";
        static async requestPermission() {
          w.__asked++;
          FakeNotification.permission = "granted";
          return "granted";
        }
        constructor(title: string, opts?: { body?: string }) {
          w.__notes.push({ title, body: opts?.body });
        }
      }
      w.Notification = FakeNotification;
    });
    const page = await context.newPage();
    const address = await claimRandom(page);
    expect(await page.evaluate(() => (window as any).__asked)).toBe(0);
    await page.getByRole("button", { name: "Desktop notifications" }).click();
    await expect.poll(() => page.evaluate(() => (window as any).__asked)).toBe(1);

    await deliverHttp(svc.url, "s@example.com", address, simpleMail(address, 1, "Seen in the tab"));
    await page.locator('[data-id="1"]').waitFor();
    await page.evaluate(() => ((window as any).__hidden = true));
    await deliverHttp(
      svc.url,
      "s@example.com",
      address,
      rfc822(
        { From: "Shop <shop@example.com>", To: address, Subject: "Your code", "Message-ID": `<nt-${Date.now()}@example.com>` },
        "Code: 318273\n",
      ),
    );
    await page.locator('[data-id="2"]').waitFor();
    await expect.poll(() => page.evaluate(() => (window as any).__notes)).toEqual([{ title: "Your code", body: "318273 · Shop" }]);
    await context.close();
  });
});
