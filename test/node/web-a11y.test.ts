// Accessibility of every page of the web client (axe-core: the gate is no critical
// or serious violation; our pages are held to none at all) in light and dark, at
// 360 px and at desktop width; and the main flows done with the keyboard alone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeViolations, expectAccessible, tabTo, VARIANTS } from "./a11y";
import { judgedMail, newPage, PNG, rfc822, simpleMail, startWithBrowser } from "./browser";
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

/** The gate, then more: no moderate or minor violation either (landmarks among them). */
async function check(page: Page, where: string): Promise<void> {
  const rest = await expectAccessible(page, where);
  expect(describeViolations(rest), `${where}: any axe violation`).toEqual([]);
}

/** An HTML mail with a code, a link, a blocked remote image and an attachment. */
function htmlMail(to: string): string {
  const b64 = PNG.toString("base64");
  return rfc822(
    {
      From: "Shop <shop@example.com>",
      To: to,
      Subject: "Confirm your account",
      "Message-ID": `<a11y-${Date.now()}-${Math.random()}@example.com>`,
      "MIME-Version": "1.0",
      "Content-Type": 'multipart/mixed; boundary="b"',
    },
    [
      "--b",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>Your code is <b>771204</b>. Or <a href="https://shop.example.com/confirm/abc">confirm here</a>.</p>',
      '<img src="https://tracker.example.com/pixel.png" alt="">',
      "--b",
      "Content-Type: image/png",
      "Content-Transfer-Encoding: base64",
      'Content-Disposition: attachment; filename="receipt.png"',
      "",
      b64,
      "--b--",
    ].join("\n"),
  );
}

describe("web client accessibility (axe-core)", () => {
  for (const variant of VARIANTS) {
    it(`start page, empty inbox, address panel, password forms, open HTML mail, compose, Sent, Junk, sender check, deliveries, a link's offer: ${variant.name}`, async () => {
      const context = await browser.newContext({ baseURL: svc.url, colorScheme: variant.colorScheme, viewport: variant.viewport });
      const page = await context.newPage();
      await page.goto("/");
      await page.getByTestId("random").waitFor();
      await check(page, `${variant.name}: start page`);

      await page.getByTestId("random").click();
      const address = (await page.getByTestId("address").textContent())!.trim();
      await page.getByTestId("empty").waitFor();
      await page.locator('[data-testid=connection][data-state="live"]').waitFor();
      await check(page, `${variant.name}: empty inbox`);

      await page.getByTestId("new-address").click();
      await page.getByTestId("random").waitFor();
      await check(page, `${variant.name}: address panel over the inbox`);
      await page.getByLabel("Credential or share link").fill("not a credential");
      await page.getByRole("button", { name: "Open", exact: true }).click();
      await page.getByTestId("error").waitFor();
      await check(page, `${variant.name}: address panel with an error`);
      await page.getByTestId("with-password").click();
      await page.getByTestId("login-address").fill(address);
      await page.getByTestId("login-password").fill("not the password");
      await page.getByTestId("login-open").click();
      await page.getByTestId("login-error").waitFor();
      await check(page, `${variant.name}: opening an address with its password, refused`);
      await page.getByTestId("new-address").click();
      await page.getByTestId("show-security").click();
      await page.getByTestId("set-password").waitFor();
      await check(page, `${variant.name}: password and sign-out`);
      await page.getByTestId("show-security").click();

      expect((await deliverHttp(svc.url, "shop@example.com", address, htmlMail(address))).status).toBe(200);
      await page.locator("[data-id]").first().waitFor();
      await check(page, `${variant.name}: inbox with an unread mail`);
      await page.locator("[data-id]").first().click();
      await page.getByTestId("mail-frame").waitFor();
      await page.getByTestId("load-remote").waitFor();
      await check(page, `${variant.name}: open HTML mail`);

      await page.keyboard.press("Escape"); // on a phone the open mail covers the list
      await page.getByTestId("compose-new").click();
      await page.getByTestId("compose").waitFor();
      await check(page, `${variant.name}: compose form`);
      await page.getByTestId("compose-cancel").click();
      await page.getByTestId("folder-sent").click();
      await expect.poll(() => page.getByTestId("folder-sent").getAttribute("aria-pressed")).toBe("true");
      await check(page, `${variant.name}: Sent folder`);
      await page.getByTestId("folder-junk").click();
      await expect.poll(() => page.getByTestId("folder-junk").getAttribute("aria-pressed")).toBe("true");
      await check(page, `${variant.name}: Junk folder, empty`);
      await page.getByTestId("folder-inbox").click();

      const judged = judgedMail(address, "Bank <alerts@bank.example>", "Verify now", "spf=softfail; dkim=pass; dmarc=fail");
      expect((await deliverHttp(svc.url, "alerts@bank.example", address, judged)).status).toBe(200);
      await page.getByTestId("auth-warning").waitFor();
      await check(page, `${variant.name}: inbox with a failed sender check`);
      await page.getByTestId("auth-warning").click();
      await page.getByTestId("auth").waitFor();
      await check(page, `${variant.name}: open mail with its sender check`);
      await page.keyboard.press("Escape");
      await page.getByTestId("show-deliveries").click();
      await page.getByTestId("attempts").waitFor();
      await check(page, `${variant.name}: delivery log`);
      await page.getByTestId("block-input").fill("spam.example");
      await page.getByTestId("block-submit").click();
      await page.locator("[data-testid=blocked] li").first().waitFor();
      await check(page, `${variant.name}: delivery log with a blocked sender`);
      await page.keyboard.press("Escape");

      const other = (await (await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: "{}" })).json()) as { token: string };
      await page.goto(`/#token=${encodeURIComponent(other.token)}`);
      await page.locator('[data-testid=replace-offer][data-held="false"]').waitFor();
      await check(page, `${variant.name}: a link asking to open another inbox`);
      await page.getByTestId("replace-no").click();

      await page.getByTestId("delete-address").click(); // armed: "Sure?"
      await check(page, `${variant.name}: delete address asking to confirm`);
      await context.close();
    });
  }
});

describe("web client with the keyboard alone", () => {
  it("creates an address, moves with j/k and opens a mail, copies its code, deletes it and the address", async () => {
    const { context, page } = await newPage(browser, svc.url);
    // Any click from here on would be a mistake in this test; count them.
    let pointer = 0;
    await page.exposeFunction("__pointerUsed", () => pointer++);
    await page.addInitScript(() =>
      addEventListener("pointerdown", () => (window as unknown as { __pointerUsed: () => void }).__pointerUsed(), true),
    );
    await page.goto("/");

    await tabTo(page, '[data-testid="random"]');
    await page.keyboard.press("Enter");
    const address = (await page.getByTestId("address").textContent())!.trim();
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();

    expect((await deliverHttp(svc.url, "shop@example.com", address, htmlMail(address))).status).toBe(200);
    await page.locator("[data-id]").first().waitFor();
    expect((await deliverHttp(svc.url, "s2@example.com", address, simpleMail(address, 2, "Second"))).status).toBe(200);
    await expect.poll(() => page.locator("[data-id]").count()).toBe(2);

    for (const key of ["j", "j", "k", "j"]) await page.keyboard.press(key); // newest, older, newest, older
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("subject").textContent()).toBe("Confirm your account");

    await tabTo(page, '[data-testid="copy-code"]');
    await page.keyboard.press("Space");
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("771204");
    await expect.poll(() => page.getByTestId("copy-code").textContent()).toBe("Copied");
    await check(page, "keyboard: code just copied");

    await tabTo(page, '[data-testid="delete"]');
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator("[data-id]").evaluateAll((els) => els.map((e) => e.textContent)))
      .toEqual([expect.stringContaining("Second")]);

    await tabTo(page, '[data-testid="delete-address"]');
    await page.keyboard.press("Enter"); // asks first
    await expect.poll(() => page.getByTestId("delete-address").textContent()).toBe("Sure?");
    await page.keyboard.press("Enter");
    await page.getByTestId("random").waitFor();
    expect(await page.getByTestId("address").count()).toBe(0);
    expect(pointer).toBe(0);
    await context.close();
  });

  it("keeps focus where the eye is: the new address, the row a message was closed from, a new draft's To, a phone's opened message", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.id ?? "");
    await page.goto("/");
    await tabTo(page, '[data-testid="random"]');
    await page.keyboard.press("Enter");
    await expect.poll(focused).toBe("copy-address");
    const address = (await page.getByTestId("address").textContent())!.trim();
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();
    expect((await deliverHttp(svc.url, "s2@example.com", address, simpleMail(address, 1, "First"))).status).toBe(200);
    await page.locator("[data-id]").first().waitFor();

    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.getByTestId("message-view").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(focused).toMatch(/^msg-\d+$/);

    await page.getByTestId("compose-new").focus();
    await page.keyboard.press("Enter");
    await expect.poll(focused).toBe("compose-to");
    await page.getByTestId("compose-cancel").click();

    await page.setViewportSize({ width: 360, height: 740 });
    await page.locator("[data-id]").first().focus();
    await page.keyboard.press("Enter"); // the list gives way to the message on a phone
    await expect.poll(focused).toBe("subject");
    await context.close();
  });
});
