// The admin console (/admin, its own page) in Chromium against a real service
// that is private and uses Turnstile: signing in, addresses (search, open, send
// quota, delete), the blocklist taking effect on inbound mail, users, the audit
// log and statistics; en/zh; axe in light and dark at 360 px and desktop; and
// the main flow by keyboard alone. Then the site gate and Turnstile themselves
// (web-private.ts): the console's pages here hold a site token from the start.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeViolations, expectAccessible, tabTo, VARIANTS } from "./a11y";
import { simpleMail, startWithBrowser } from "./browser";
import { deliverHttp, type Service, startService } from "./service";
import { privateSiteTests, SITE_PASSWORD, startVerifier, TURNSTILE_SECRET, type Verifier, withTurnstile } from "./web-private";

const ADMIN_PASSWORD = "admin password for the console";
let svc: Service;
let browser: Browser;
let verifier: Verifier;
let siteToken: string;
const SITE = { "x-site-password": SITE_PASSWORD };

beforeAll(async () => {
  verifier = await startVerifier();
  const vars = {
    ADMIN_PASSWORD,
    STATS_FLUSH_SECONDS: "1",
    SITE_PASSWORD,
    TURNSTILE_SECRET,
    TURNSTILE_SITE_KEY: "0x4AAAAAAA-test-site-key",
    TURNSTILE_VERIFY_URL: verifier.url,
  };
  [svc, browser] = await startWithBrowser(startService({ vars }));
  const res = await fetch(`${svc.url}/api/v1/site/session`, { method: "POST", body: JSON.stringify({ password: SITE_PASSWORD }) });
  siteToken = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await verifier?.close();
});

/** A page of this private site that already holds its site token (the gate itself is tested below). */
async function newPage(browser: Browser, baseURL: string, opts: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ baseURL, ...opts });
  await withTurnstile(context);
  await context.addInitScript((token) => localStorage.setItem("pigeonhole.site", token), siteToken);
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  return { context, page };
}

async function claim(name: string): Promise<{ address: string; token: string }> {
  const body = JSON.stringify({ name, turnstileToken: `pass-${Math.random()}` });
  const res = await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", headers: SITE, body });
  expect(res.status).toBe(201);
  return res.json() as Promise<{ address: string; token: string }>;
}

async function signIn(page: Page): Promise<void> {
  await page.goto("/admin");
  await page.getByTestId("admin-password").fill(ADMIN_PASSWORD);
  await page.getByTestId("admin-submit").click();
  await page.getByTestId("tab-addresses").waitFor();
}

async function check(page: Page, where: string): Promise<void> {
  const rest = await expectAccessible(page, where);
  expect(describeViolations(rest), `${where}: any axe violation`).toEqual([]);
}

/** Waits until the directory lists `address` (a mailbox reports itself through its outbox, a moment after creation). */
async function listed(address: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  const res = await fetch(`${svc.url}/api/v1/admin/session`, {
    method: "POST",
    headers: SITE,
    body: JSON.stringify({ password: ADMIN_PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  for (;;) {
    const page = await fetch(`${svc.url}/api/v1/admin/addresses?query=${encodeURIComponent(address)}`, {
      headers: { ...SITE, authorization: `Bearer ${token}` },
    });
    if (((await page.json()) as { addresses: unknown[] }).addresses.length > 0) return;
    if (Date.now() > deadline) throw new Error(`${address} never reached the directory`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("admin console", () => {
  it("refuses a wrong password, then searches, opens, grants a quota and deletes addresses, all in the audit log", async () => {
    const a = await claim(`console-${Date.now().toString(36)}`);
    await listed(a.address);
    const { context, page } = await newPage(browser, svc.url);
    await page.goto("/admin");
    await page.getByTestId("admin-password").fill("not the password");
    await page.getByTestId("admin-submit").click();
    await expect.poll(() => page.getByTestId("admin-error").textContent()).toBe("Wrong password.");
    await page.getByTestId("admin-password").fill(ADMIN_PASSWORD);
    await page.getByTestId("admin-submit").click();
    await page.getByTestId("address-search").fill(a.address.split("@")[0]);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const row = page.locator("tr", { hasText: a.address });
    await row.waitFor();
    expect(await page.locator("[data-testid=address-table] tbody tr").count()).toBe(1);

    await row.getByRole("button", { name: `Open ${a.address}` }).click();
    const href = await page.getByTestId("open-link").getAttribute("href");
    expect(href).toMatch(/\/#token=/);
    const inbox = await context.newPage();
    await inbox.goto(href!);
    await inbox.getByTestId("replace-yes").click();
    await expect.poll(() => inbox.getByTestId("address").textContent()).toBe(a.address);

    await row
      .getByRole("textbox", { name: `Daily send quota: ${a.address}` })
      .or(row.locator("input[type=number]"))
      .fill("40");
    await row.getByRole("button", { name: `Set Daily send quota: ${a.address}` }).click();
    await page.getByText("Saved.").waitFor();

    await row.getByRole("button", { name: `Delete ${a.address}` }).click();
    await row.getByRole("button", { name: /Sure\?/ }).click();
    await expect.poll(() => row.locator("td").nth(1).textContent()).toBe("deleted");
    await expect.poll(() => inbox.locator("[data-testid=connection]").getAttribute("data-state")).toMatch(/ended|refused/);

    await page.getByTestId("tab-audit").click();
    const audit = page.getByTestId("audit-table");
    await audit.locator("tr", { hasText: "address.delete" }).waitFor();
    for (const action of ["address.token", "address.send-quota", "session.start"])
      await audit.locator("tr", { hasText: action }).first().waitFor();
    await context.close();
  });

  it("saves a blocklist that inbound mail obeys, creates and disables users, shows statistics", async () => {
    const a = await claim(`blocked-${Date.now().toString(36)}`);
    const { context, page } = await newPage(browser, svc.url);
    await signIn(page);
    await page.getByTestId("tab-blocklist").click();
    await page.getByTestId("blocked-senders").fill("*@spam.test\nOne@Bad.test");
    await page.getByTestId("blocked-names").fill("root");
    await page.getByTestId("save-blocklist").click();
    await page.getByText("Saved.").waitFor();
    expect(await page.getByTestId("blocked-senders").inputValue()).toBe("*@spam.test\none@bad.test");
    // This isolate dropped its copy at once; the endpoint refuses the sender.
    expect((await deliverHttp(svc.url, "x@spam.test", a.address, simpleMail(a.address, 1))).status).not.toBe(200);
    expect((await deliverHttp(svc.url, "friend@example.com", a.address, simpleMail(a.address, 2))).status).toBe(200);
    const blockedName = await fetch(`${svc.url}/api/v1/addresses`, {
      method: "POST",
      headers: SITE,
      body: JSON.stringify({ name: "root", turnstileToken: `pass-${Math.random()}` }),
    });
    expect(((await blockedName.json()) as { error: { code: string } }).error.code).toBe("name_blocked");

    await page.getByTestId("tab-users").click();
    const name = `made-${Date.now().toString(36)}`;
    await page.getByTestId("new-username").fill(name);
    await page.getByTestId("new-user-password").fill("long enough password");
    await page.getByTestId("create-user").click();
    const user = page.getByTestId("user-list").locator("li", { hasText: name });
    await user.waitFor();
    await user.getByRole("button", { name: `Disable ${name}` }).click();
    await user.getByText("disabled").waitFor();
    const refused = await fetch(`${svc.url}/api/v1/users/session`, {
      method: "POST",
      body: JSON.stringify({ username: name, password: "long enough password" }),
    });
    expect(refused.status).toBe(401);

    await page.getByTestId("tab-stats").click();
    await expect.poll(async () => Number(await page.getByTestId("stat-users").textContent())).toBeGreaterThanOrEqual(1);
    // The mail counted by the mailbox reaches the directory within STATS_FLUSH_SECONDS (1 s here).
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return Number(await page.getByTestId("stat-total").textContent());
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(1);
    await page.getByTestId("tab-blocklist").click();
    await page.getByTestId("blocked-senders").fill("");
    await page.getByTestId("blocked-names").fill("");
    await page.getByTestId("save-blocklist").click();
    await page.getByText("Saved.").waitFor();
    await context.close();
  });

  it("speaks Chinese when asked", async () => {
    const { context, page } = await newPage(browser, svc.url);
    await signIn(page);
    await page.getByTestId("lang").click();
    await expect.poll(() => page.getByTestId("tab-blocklist").textContent()).toBe("黑名单");
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    await page.getByTestId("lang").click();
    await context.close();
  });

  it("signs in and deletes an address with the keyboard alone", async () => {
    const a = await claim(`keys-${Date.now().toString(36)}`);
    await listed(a.address);
    const { context, page } = await newPage(browser, svc.url);
    let pointer = 0;
    await page.exposeFunction("__pointerUsed", () => pointer++);
    await page.addInitScript(() =>
      addEventListener("pointerdown", () => (window as unknown as { __pointerUsed: () => void }).__pointerUsed(), true),
    );
    await page.goto("/admin");
    await tabTo(page, '[data-testid="admin-password"]');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByTestId("tab-addresses").waitFor();
    await tabTo(page, '[data-testid="address-search"]');
    await page.keyboard.type(a.address);
    await page.keyboard.press("Enter");
    const row = page.locator("tr", { hasText: a.address });
    await row.waitFor();
    await tabTo(page, `button[aria-label="Delete ${a.address}"]`);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await expect.poll(() => row.locator("td").nth(1).textContent()).toBe("deleted");
    expect(pointer).toBe(0);
    await context.close();
  });
});

describe("admin console accessibility (axe-core)", () => {
  for (const variant of VARIANTS) {
    it(`sign-in and every tab: ${variant.name}`, async () => {
      await claim(`a11y-${variant.colorScheme}-${variant.viewport.width}-${Date.now().toString(36)}`);
      // An audit entry with a long unbroken detail: a key with every scope.
      const session = await fetch(`${svc.url}/api/v1/admin/session`, {
        method: "POST",
        headers: SITE,
        body: JSON.stringify({ password: ADMIN_PASSWORD }),
      });
      const { token } = (await session.json()) as { token: string };
      const made = await fetch(`${svc.url}/api/v1/keys`, {
        method: "POST",
        headers: { ...SITE, authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: "every-scope", scopes: ["addresses:create", "addresses:read", "send"] }),
      });
      expect(made.status).toBe(201);
      const { context, page } = await newPage(browser, svc.url, { colorScheme: variant.colorScheme, viewport: variant.viewport });
      await page.goto("/admin");
      await page.getByTestId("admin-password").waitFor();
      await check(page, `${variant.name}: admin sign-in`);
      await page.getByTestId("admin-password").fill(ADMIN_PASSWORD);
      await page.getByTestId("admin-submit").click();
      await page.getByTestId("address-table").waitFor();
      await check(page, `${variant.name}: addresses`);
      for (const [tab, ready] of [
        ["blocklist", '[data-testid="blocked-senders"]:enabled'],
        ["users", '[data-testid="user-list"][data-loaded="true"]'],
        ["keys", '[data-testid="api-key-list"][data-loaded="true"]'],
        ["audit", '[data-testid="audit-table"][data-loaded="true"]'],
        ["stats", '[data-testid="stat-active"]'],
      ]) {
        await page.getByTestId(`tab-${tab}`).click();
        await page.locator(ready).waitFor({ state: "attached" });
        await check(page, `${variant.name}: ${tab}`);
        // Nothing spills sideways (the audit log's details and targets once pushed the page to 603 px).
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${variant.name}: ${tab} width`).toBeLessThanOrEqual(
          variant.viewport.width,
        );
      }
      await context.close();
    });
  }
});

privateSiteTests(() => ({ svc, browser, verifier }));
