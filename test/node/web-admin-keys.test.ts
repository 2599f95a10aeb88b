// The admin console's API keys tab in Chromium: a deployment key made there (shown once, copied) creates an
// address from a script (Node's fetch), its last use shows, revoking it there stops it at once, and the audit log
// holds key.create and key.revoke; the tab in Chinese; axe with a new secret and a listed key, light and dark at
// desktop width and 360 px.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyInfo, ApiKeyList, KeyCreatedAddress } from "../../src/contract/agents";
import { describeViolations, expectAccessible, VARIANTS } from "./a11y";
import { newPage, startWithBrowser } from "./browser";
import { type Service, startService } from "./service";

const ADMIN_PASSWORD = "admin password for the keys tab";
let svc: Service;
let browser: Browser;

beforeAll(async () => {
  [svc, browser] = await startWithBrowser(startService({ vars: { ADMIN_PASSWORD } }));
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

let n = 0;
const keyName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

const bearer = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
});

async function openKeysTab(page: Page): Promise<void> {
  await page.goto("/admin");
  await page.getByTestId("admin-password").fill(ADMIN_PASSWORD);
  await page.getByTestId("admin-submit").click();
  await page.getByTestId("tab-keys").click();
  await page.locator('[data-testid="api-key-list"][data-loaded="true"]').waitFor({ state: "attached" });
}

/** Fills the form and creates a key; resolves with the secret the console shows. */
async function createKey(page: Page, name: string, drop: string[] = [], days = 0): Promise<string> {
  await page.getByTestId("key-name").fill(name);
  for (const scope of drop) await page.getByTestId(`scope-${scope}`).uncheck();
  if (days) await page.getByTestId("key-expiry").selectOption(String(days));
  await page.getByTestId("create-key").click();
  await page.getByTestId("new-key-secret").waitFor();
  return (await page.getByTestId("new-key-secret").textContent())!.trim();
}

/** The deployment's keys as the API lists them, with the console's own admin session. */
async function listed(page: Page): Promise<ApiKeyInfo[]> {
  const session = (await page.evaluate(() => sessionStorage.getItem("pigeonhole.admin")))!;
  return ((await (await fetch(`${svc.url}/api/v1/keys`, bearer(session))).json()) as ApiKeyList).keys;
}

describe("API keys in the admin console", () => {
  it("makes a deployment key that works from a script until it is revoked there, both acts in the audit log", async () => {
    const { context, page } = await newPage(browser, svc.url);
    await openKeysTab(page);
    const name = keyName("deploy");
    const secret = await createKey(page, name, ["send"], 30);
    expect(secret).toMatch(/^ph_[0-9A-Za-z]{42}$/);
    expect(await page.getByTestId("new-key").textContent()).toContain("you will not see this key again");
    await page.getByTestId("copy-key").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const line = page.getByTestId("api-key-list").locator("li", { hasText: name });
    await line.waitFor();
    const text = (await line.textContent())!;
    expect(text).toContain(`…${secret.slice(-4)}`);
    expect(text).toContain("addresses:create");
    expect(text).toContain("addresses:read");
    expect(text).not.toContain("send");
    expect(text).toMatch(/expires /);
    expect(text).not.toContain(secret);
    expect(await line.getByTestId("key-last-used").textContent()).toBe("never used");
    const [key] = (await listed(page)).filter((k) => k.name === name);
    expect(key).toMatchObject({ user: false, scopes: ["addresses:create", "addresses:read"], lastUsedAt: null });

    // In Chinese, the same line.
    await page.getByTestId("lang").click();
    await expect.poll(() => page.getByTestId("tab-keys").textContent()).toBe("API 密钥");
    expect(await line.getByTestId("key-last-used").textContent()).toBe("从未使用");
    await page.getByTestId("lang").click();

    // The secret, from a script: it creates an address, which belongs to no user.
    const made = await fetch(`${svc.url}/api/v1/addresses`, bearer(secret, { method: "POST", body: "{}" }));
    expect(made.status).toBe(201);
    const address = (await made.json()) as KeyCreatedAddress;
    expect(address.keyId).toBe(key.id);
    // Its use is recorded after the answer; the console shows it when the tab is opened again.
    await expect
      .poll(async () => (await listed(page)).find((k) => k.id === key.id)?.lastUsedAt ?? null, { timeout: 10_000 })
      .not.toBeNull();
    await page.getByTestId("tab-users").click();
    await page.getByTestId("tab-keys").click();
    await expect.poll(() => line.getByTestId("key-last-used").textContent()).toMatch(/^last used \S/);

    // Revoking asks first; once confirmed the key is refused at once.
    await line.getByRole("button", { name: `Revoke ${name}` }).click();
    await line.getByRole("button", { name: `Revoke: sure? ${name}` }).click();
    await expect.poll(() => line.count()).toBe(0);
    const refused = await fetch(`${svc.url}/api/v1/addresses`, bearer(secret, { method: "POST", body: "{}" }));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");

    await page.getByTestId("tab-audit").click();
    const audit = page.getByTestId("audit-table");
    for (const action of ["key.create", "key.revoke"]) await audit.locator("tr", { hasText: action }).filter({ hasText: key.id }).waitFor();
    await context.close();
  });
});

describe("the API keys tab's accessibility (axe-core)", () => {
  for (const variant of VARIANTS) {
    it(`with a new secret and a listed key: ${variant.name}`, async () => {
      const context = await browser.newContext({ baseURL: svc.url, colorScheme: variant.colorScheme, viewport: variant.viewport });
      const page = await context.newPage();
      await openKeysTab(page);
      await createKey(page, keyName("axe"), [], 7);
      await page.getByTestId("api-key-list").locator("li").first().waitFor();
      const rest = await expectAccessible(page, `${variant.name}: API keys tab`);
      expect(describeViolations(rest), `${variant.name}: any axe violation`).toEqual([]);
      await context.close();
    });
  }
});
