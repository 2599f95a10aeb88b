// An address's password and "sign out everywhere" in the web inbox (Chromium): set a password,
// reopen the address with it in a browser that never held it, then sign out everywhere from
// there: the first browser's tab is told its credential is dead, this one goes on live.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRandom, newPage, simpleMail, startWithBrowser } from "./browser";
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

describe("an address's password and sign-out in the web inbox", () => {
  it("sets a password, reopens the address with it elsewhere, and signs every other tab out", async () => {
    const first = await newPage(browser, svc.url);
    const address = await claimRandom(first.page);
    await first.page.getByTestId("show-security").click();
    await first.page.getByTestId("new-password").fill("correct horse battery");
    await first.page.getByTestId("set-password").click();
    await first.page.getByTestId("security-note").waitFor();

    // A browser that never held the address opens it with the password alone.
    const second = await newPage(browser, svc.url);
    await second.page.goto("/");
    await second.page.getByTestId("with-password").click();
    await second.page.getByTestId("login-address").fill(address);
    await second.page.getByTestId("login-password").fill("wrong password!");
    await second.page.getByTestId("login-open").click();
    await expect.poll(() => second.page.getByTestId("login-error").textContent()).toMatch(/Wrong address or password/);
    await second.page.getByTestId("login-password").fill("correct horse battery");
    await second.page.getByTestId("login-open").click();
    await expect.poll(() => second.page.getByTestId("address").textContent()).toBe(address);
    await second.page.locator('[data-testid=connection][data-state="live"]').waitFor();

    // Changing it needs the current one.
    await second.page.getByTestId("show-security").click();
    await second.page.getByTestId("new-password").fill("a new password");
    await second.page.getByTestId("set-password").click();
    await expect.poll(() => second.page.getByTestId("security-error").textContent()).toMatch(/current password/);

    // Sign out everywhere (a second press confirms): the first tab is refused, this one carries on.
    await second.page.getByTestId("current-password").fill("correct horse battery");
    await second.page.getByTestId("sign-out-everywhere").click();
    await second.page.getByTestId("sign-out-everywhere").click();
    await second.page.getByTestId("security-note").waitFor();
    await first.page.locator('[data-testid=connection][data-state="refused"]').waitFor({ timeout: 10_000 });
    await second.page.locator('[data-testid=connection][data-state="live"]').waitFor({ timeout: 10_000 });
    expect((await deliverHttp(svc.url, "a@example.com", address, simpleMail(address, 1))).status).toBe(200);
    await second.page.locator("[data-id]").first().waitFor();
    // The refused tab, reloaded, asks the API why after its first refused socket, not its third.
    let sockets = 0;
    first.page.on("websocket", () => sockets++);
    await first.page.reload();
    await first.page.locator('[data-testid=connection][data-state="refused"]').waitFor({ timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 1500)); // past partysocket's next two backoffs (250 + 500 ms)
    expect(sockets).toBeLessThan(3);
    await first.context.close();
    await second.context.close();
  });
});
