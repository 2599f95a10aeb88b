// The account page's API keys in Chromium: a key made with two scopes shows its secret once, the secret
// works from a script (Node's fetch) and the key then shows as last used, a reload leaves only the listing,
// revoking stops the key at once, an API refusal is shown in words; axe in light and dark at desktop width and 360 px.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyList, ApiKeyStatus, KeyCreatedAddress } from "../../src/contract/agents";
import { describeViolations, expectAccessible, VARIANTS } from "./a11y";
import { newPage, startWithBrowser } from "./browser";
import type { Service } from "./service";
import { sharedService } from "./shared-service";
import { openAccountPanel, signUpWithPassword } from "./web-account-steps";

let svc: Service;
let browser: Browser;

beforeAll(async () => {
  [svc, browser] = await startWithBrowser(sharedService());
});
afterAll(async () => {
  await browser?.close();
});

let n = 0;
const username = (prefix = "keys") => `${prefix}-${Date.now().toString(36)}-${++n}`;

async function signUp(page: Page): Promise<string> {
  const name = username();
  await signUpWithPassword(page, name);
  return name;
}

/** Fills the form and creates a key; resolves with the secret the page shows. */
async function createKey(page: Page, name: string, drop: string[] = []): Promise<string> {
  await page.getByTestId("key-name").fill(name);
  for (const scope of drop) await page.getByTestId(`scope-${scope}`).uncheck();
  await page.getByTestId("create-key").click();
  await page.getByTestId("new-key-secret").waitFor();
  return (await page.getByTestId("new-key-secret").textContent())!.trim();
}

const bearer = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
});

async function errorOf(res: Response): Promise<[number, string]> {
  const body = (await res.json()) as { error: { code: string } };
  return [res.status, body.error.code];
}

describe("API keys on the account page", () => {
  it("creates a key with two scopes, shows its secret once, which works from a script until revoked", async () => {
    const { context, page } = await newPage(browser, svc.url);
    await signUp(page);
    const keys = page.getByTestId("api-key-list").locator("li");
    await expect.poll(() => page.getByTestId("api-keys").textContent()).toContain("No API keys yet.");
    expect(await keys.count()).toBe(0);

    const secret = await createKey(page, "ci bot", ["send"]);
    expect(secret).toMatch(/^ph_[0-9A-Za-z]{42}$/);
    expect(await page.getByTestId("new-key").textContent()).toContain("you will not see this key again");
    await page.getByTestId("copy-key").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expect.poll(() => keys.count()).toBe(1);
    const line = (await keys.first().textContent())!;
    expect(line).toContain("ci bot");
    expect(line).toContain(`…${secret.slice(-4)}`);
    expect(line).toContain("addresses:create");
    expect(line).toContain("addresses:read");
    expect(line).not.toContain("send");
    expect(line).toContain("never expires");
    expect(await keys.first().getByTestId("key-last-used").textContent()).toBe("never used");
    // The listing never holds the secret, only its last four characters.
    expect(line).not.toContain(secret);

    // The secret, from a script: it creates an address the key may read, and says what it may do.
    const made = await fetch(`${svc.url}/api/v1/addresses`, bearer(secret, { method: "POST", body: "{}" }));
    expect(made.status).toBe(201);
    const address = (await made.json()) as KeyCreatedAddress;
    expect(address.address).toMatch(/@/);
    expect((await fetch(`${svc.url}/api/v1/mailboxes/${address.address}/messages`, bearer(secret))).status).toBe(200);
    const status = (await (await fetch(`${svc.url}/api/v1/keys/me`, bearer(secret))).json()) as ApiKeyStatus;
    expect(status.key.name).toBe("ci bot");
    expect(status.key.scopes).toEqual(["addresses:create", "addresses:read"]);

    // Its use is recorded just after the answer; reloaded, the page says so.
    const session = (await page.evaluate(() => localStorage.getItem("pigeonhole.user")))!;
    const lastUse = async () => ((await (await fetch(`${svc.url}/api/v1/keys`, bearer(session))).json()) as ApiKeyList).keys[0].lastUsedAt;
    await expect.poll(lastUse, { timeout: 10_000 }).not.toBeNull();

    // Reloaded, the page has the key's line and not its secret, anywhere.
    await page.reload();
    await openAccountPanel(page);
    await expect.poll(() => keys.count()).toBe(1);
    expect(await keys.first().getByTestId("key-last-used").textContent()).toMatch(/^last used \S/);
    expect(await page.getByTestId("new-key").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(secret);

    // Revoking asks first; once confirmed the key stops working at once.
    const revoke = keys.first().getByRole("button", { name: "Revoke ci bot" });
    await revoke.click();
    await keys.first().getByRole("button", { name: "Revoke: sure? ci bot" }).click();
    await expect.poll(() => keys.count()).toBe(0);
    await expect.poll(() => page.getByTestId("api-keys").textContent()).toContain("No API keys yet.");
    expect(await errorOf(await fetch(`${svc.url}/api/v1/addresses`, bearer(secret, { method: "POST", body: "{}" })))).toEqual([
      401,
      "unauthorized",
    ]);
    expect(await errorOf(await fetch(`${svc.url}/api/v1/keys/me`, bearer(secret)))).toEqual([401, "unauthorized"]);
    await context.close();
  });

  it("hides the secret when dismissed, and shows the API's refusal in words", async () => {
    const { context, page } = await newPage(browser, svc.url);
    await signUp(page);
    const secret = await createKey(page, "short-lived");
    await page.getByTestId("dismiss-key").click();
    expect(await page.getByTestId("new-key").count()).toBe(0);
    // A name keeps its direction to itself: a right-to-left override in it never turns the hint beside it.
    const name = page.getByTestId("api-key-list").locator("li strong").first();
    expect(await name.evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe("isolate");
    expect(await page.content()).not.toContain(secret);

    // Revoked elsewhere (from a script, with this browser's session), then revoked here: the API says why not.
    const session = (await page.evaluate(() => localStorage.getItem("pigeonhole.user")))!;
    const listed = (await (await fetch(`${svc.url}/api/v1/keys`, bearer(session))).json()) as ApiKeyList;
    expect(listed.keys.map((k) => k.name)).toEqual(["short-lived"]);
    expect((await fetch(`${svc.url}/api/v1/keys/${listed.keys[0].id}`, bearer(session, { method: "DELETE" }))).status).toBe(204);
    const line = page.getByTestId("api-key-list").locator("li");
    await line.first().getByRole("button", { name: "Revoke short-lived" }).click();
    await line.first().getByRole("button", { name: "Revoke: sure? short-lived" }).click();
    await expect.poll(() => page.getByTestId("api-key-error").textContent()).toBe("No such API key.");
    await expect.poll(() => line.count()).toBe(0);
    await context.close();
  });

  it("makes a key that expires, and says when, in English and Chinese", async () => {
    const { context, page } = await newPage(browser, svc.url);
    await signUp(page);
    await page.getByTestId("key-expiry").selectOption("30");
    await createKey(page, "monthly");
    const session = (await page.evaluate(() => localStorage.getItem("pigeonhole.user")))!;
    const listed = (await (await fetch(`${svc.url}/api/v1/keys`, bearer(session))).json()) as ApiKeyList;
    const days = (Date.parse(listed.keys[0].expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(30);
    await expect.poll(() => page.getByTestId("api-key-list").textContent()).toMatch(/expires /);
    // In Chinese too.
    await page.getByTestId("lang").click();
    await expect.poll(() => page.locator("#api-keys-title").textContent()).toMatch(/^API 密钥/);
    expect(await page.getByTestId("create-key").textContent()).toBe("创建密钥");
    expect(await page.getByTestId("key-last-used").textContent()).toBe("从未使用");
    await page.getByTestId("lang").click();
    await context.close();
  });
});

describe("API keys accessibility (axe-core)", () => {
  async function check(page: Page, where: string): Promise<void> {
    await page.getByTestId("api-keys").scrollIntoViewIfNeeded();
    const rest = await expectAccessible(page, where);
    expect(describeViolations(rest), `${where}: any axe violation`).toEqual([]);
  }

  for (const variant of VARIANTS) {
    it(`empty, a new secret, a listed key, no scope picked: ${variant.name}`, async () => {
      const context = await browser.newContext({ baseURL: svc.url, colorScheme: variant.colorScheme, viewport: variant.viewport });
      const page = await context.newPage();
      page.on("pageerror", (err) => console.error("page error:", err.message));
      await signUp(page);
      await expect.poll(() => page.getByTestId("api-keys").textContent()).toContain("No API keys yet.");
      await check(page, `${variant.name}: no keys`);
      await createKey(page, "a11y", ["send"]);
      await check(page, `${variant.name}: secret shown`);
      await page.getByTestId("dismiss-key").click();
      for (const scope of ["addresses:create", "addresses:read", "send"]) await page.getByTestId(`scope-${scope}`).uncheck();
      await expect.poll(() => page.getByTestId("api-keys").textContent()).toContain("Pick at least one.");
      expect(await page.getByTestId("create-key").isDisabled()).toBe(true);
      await check(page, `${variant.name}: listed, no scope picked`);
      await context.close();
    });
  }
});
