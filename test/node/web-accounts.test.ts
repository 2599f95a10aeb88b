// The account pages in Chromium (a chunk loaded on the first click): sign up and
// in with a password or a passkey (DevTools' virtual authenticator; the page is
// loaded from localhost because Chromium refuses an IP address as a relying
// party), the account's addresses in the inbox, en/zh, axe in light and dark at
// 360 px and desktop, and signing in by keyboard alone. Last, the directory this
// service migrated on its own is one `wrangler d1 migrations` finds nothing to do for.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeViolations, expectAccessible, tabTo, VARIANTS } from "./a11y";
import { simpleMail, startWithBrowser } from "./browser";
import { deliverHttp, type Service, startService } from "./service";
import { openAccountPanel, PASSWORD, signUpWithPassword } from "./web-account-steps";
import { wranglerEnv } from "./wrangler-env";

let svc: Service;
let browser: Browser;
let origin: string;
/** `wrangler dev --persist-to` as `npm start -- --persist-to` runs it: the directory starts empty, unmigrated. */
const persistDir = mkdtempSync(join(tmpdir(), "pigeonhole-accounts-"));

beforeAll(async () => {
  [svc, browser] = await startWithBrowser(startService({ persistDir }));
  origin = `http://localhost:${svc.port}`;
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

let n = 0;
const username = (prefix = "web") => `${prefix}-${Date.now().toString(36)}-${++n}`;

/** A page on localhost with a platform passkey authenticator that says yes (user present and verified). */
async function pageWithAuthenticator(opts: { colorScheme?: "light" | "dark"; viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ baseURL: origin, ...opts });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  return { context, page, credentials };
}

async function openAccount(page: Page): Promise<void> {
  await page.goto("/");
  await openAccountPanel(page);
}

async function check(page: Page, where: string): Promise<void> {
  const rest = await expectAccessible(page, where);
  expect(describeViolations(rest), `${where}: any axe violation`).toEqual([]);
}

describe("account pages", () => {
  it("load only when asked: the inbox's page does not fetch them", async () => {
    const context = await browser.newContext({ baseURL: origin });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    await page.goto("/");
    await page.getByTestId("random").waitFor();
    expect(scripts.some((s) => s.includes("account-panel"))).toBe(false);
    await page.getByTestId("account").click();
    await page.getByTestId("account-panel").waitFor();
    expect(scripts.some((s) => s.includes("account-panel"))).toBe(true);
    await context.close();
  });

  it("signs up with a password, makes addresses it owns, opens one in the inbox, keeps and releases another", async () => {
    const { context, page } = await pageWithAuthenticator();
    const name = username();
    await signUpWithPassword(page, name);
    await page.getByTestId("new-owned").click();
    const owned = page.getByTestId("owned-addresses").locator("li");
    await expect.poll(() => owned.count()).toBe(1);
    const address = (await owned.first().locator(".address").textContent())!.trim();
    await expect.poll(() => owned.first().textContent()).toContain("never expires");
    await owned
      .first()
      .getByRole("button", { name: `Open ${address}` })
      .click();
    await expect.poll(() => page.getByTestId("address").textContent()).toBe(address);
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();
    expect((await deliverHttp(svc.url, "shop@example.com", address, simpleMail(address, 1, "For my account"))).status).toBe(200);
    await page.locator("[data-id]").first().waitFor();

    // A throwaway address, then kept in the account, then let go again.
    await page.getByTestId("new-address").click();
    await page.getByTestId("random").click();
    await expect.poll(() => page.getByTestId("address").textContent()).not.toBe(address);
    const loose = (await page.getByTestId("address").textContent())!.trim();
    await page.getByTestId("account").click();
    await page.getByTestId("keep-current").click();
    await expect.poll(() => owned.count()).toBe(2);
    await owned
      .filter({ hasText: loose })
      .getByRole("button", { name: `Release ${loose}` })
      .click();
    await expect.poll(() => owned.count()).toBe(1);

    // Signing out and in again finds the same account and addresses.
    await page.getByTestId("sign-out").click();
    await page.getByTestId("username").fill(name);
    await page.getByTestId("password").fill("not the password");
    await page.getByTestId("submit").click();
    await expect.poll(() => page.getByTestId("account-error").textContent()).toBe("Wrong username or password.");
    await page.getByTestId("password").fill(PASSWORD);
    await page.getByTestId("submit").click();
    await expect.poll(() => owned.count()).toBe(1);
    await context.close();
  });

  it("keeps the newest list of addresses when the list read on opening answers after a change", async () => {
    const { context, page } = await pageWithAuthenticator();
    await signUpWithPassword(page, username());
    await page.getByTestId("new-owned").click();
    const owned = page.getByTestId("owned-addresses").locator("li");
    await expect.poll(() => owned.count()).toBe(1);
    await owned
      .first()
      .getByRole("button", { name: /^Open / })
      .click();
    await page.getByTestId("new-address").click();
    await page.getByTestId("random").click();
    await page.locator('[data-testid=connection][data-state="live"]').waitFor();
    // The first list read after this is answered late, with what the directory held before the change.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let answered!: () => void;
    const staleSent = new Promise<void>((r) => (answered = r));
    let first = true;
    await page.route("**/api/v1/users/me/addresses", async (route) => {
      if (!first || route.request().method() !== "GET") return route.fallback();
      first = false;
      const stale = await route.fetch();
      await held;
      await route.fulfill({ response: stale });
      answered();
    });
    await page.getByTestId("account").click();
    const bound = page.waitForResponse((r) => r.url().endsWith("/api/v1/users/me/addresses/bind") && r.ok());
    await page.getByTestId("keep-current").click();
    await bound;
    await expect.poll(() => owned.count()).toBe(2);
    release();
    await staleSent;
    await page.waitForTimeout(300);
    expect(await owned.count()).toBe(2);
    await context.close();
  });

  it("adds a passkey and signs in with it alone; signs up with a passkey in another browser", async () => {
    const { context, page, credentials } = await pageWithAuthenticator();
    const name = username("pk");
    await signUpWithPassword(page, name);
    await page.getByRole("textbox", { name: "Passkey name" }).fill("This laptop");
    await page.getByTestId("add-passkey").click();
    await expect.poll(() => page.getByTestId("passkeys").textContent()).toContain("This laptop");
    expect(await credentials()).toHaveLength(1);
    await page.getByTestId("sign-out").click();
    await page.getByTestId("passkey-sign-in").click();
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toBe(`Signed in as ${name}`);
    await context.close();

    const other = await pageWithAuthenticator();
    const fresh = username("pk-only");
    await openAccount(other.page);
    await other.page.getByTestId("switch-mode").click();
    await other.page.getByTestId("username").fill(fresh);
    await other.page.getByTestId("passkey-sign-up").click();
    await expect.poll(() => other.page.getByTestId("signed-in-as").textContent()).toBe(`Signed in as ${fresh}`);
    await expect.poll(() => other.page.getByTestId("passkeys").textContent()).toContain("Passkey");
    expect(await other.credentials()).toHaveLength(1);
    // A passkey-only account signs in again with nothing typed.
    await other.page.getByTestId("sign-out").click();
    await other.page.getByTestId("passkey-sign-in").click();
    await expect.poll(() => other.page.getByTestId("signed-in-as").textContent()).toBe(`Signed in as ${fresh}`);
    await other.context.close();
  });

  it("speaks Chinese when asked", async () => {
    const { context, page } = await pageWithAuthenticator();
    await openAccount(page);
    await page.getByTestId("lang").click();
    await expect.poll(() => page.locator("#account-title").textContent()).toBe("我的账户");
    await page.getByTestId("lang").click();
    await context.close();
  });

  it("signs in with the keyboard alone", async () => {
    const name = username("keys");
    const made = await fetch(`${origin}/api/v1/users`, { method: "POST", body: JSON.stringify({ username: name, password: PASSWORD }) });
    expect(made.status).toBe(201);
    const { context, page } = await pageWithAuthenticator();
    let pointer = 0;
    await page.exposeFunction("__pointerUsed", () => pointer++);
    await page.addInitScript(() =>
      addEventListener("pointerdown", () => (window as unknown as { __pointerUsed: () => void }).__pointerUsed(), true),
    );
    await page.goto("/");
    await page.getByTestId("account").waitFor();
    await tabTo(page, '[data-testid="account"]');
    await page.keyboard.press("Enter");
    // The panel is loaded on demand: a keyboard user, too, waits until the form is there.
    await page.getByTestId("username").waitFor();
    await tabTo(page, '[data-testid="username"]');
    await page.keyboard.type(name);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toBe(`Signed in as ${name}`);
    await tabTo(page, '[data-testid="new-owned"]');
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("owned-addresses").locator("li").count()).toBe(1);
    expect(pointer).toBe(0);
    await context.close();
  });
});

describe("account pages accessibility (axe-core)", () => {
  for (const variant of VARIANTS) {
    it(`sign-in, sign-up with an error, signed in: ${variant.name}`, async () => {
      const { context, page } = await pageWithAuthenticator({ colorScheme: variant.colorScheme, viewport: variant.viewport });
      await openAccount(page);
      await check(page, `${variant.name}: sign-in`);
      await page.getByTestId("switch-mode").click();
      await page.getByTestId("username").fill("x");
      await page.getByTestId("password").fill("short");
      await page.getByTestId("submit").click();
      await page.getByTestId("account-error").waitFor();
      await check(page, `${variant.name}: sign-up refused`);
      await page.getByTestId("username").fill(username("a11y"));
      await page.getByTestId("password").fill(PASSWORD);
      await page.getByTestId("submit").click();
      await page.getByTestId("signed-in-as").waitFor();
      await page.getByTestId("new-owned").click();
      await expect.poll(() => page.getByTestId("owned-addresses").locator("li").count()).toBe(1);
      await page.getByTestId("sessions").locator("li").first().waitFor();
      await check(page, `${variant.name}: signed in`);
      await context.close();
    });
  }
});

describe("the directory's migrations, locally", () => {
  it("were applied by the running Worker itself: wrangler finds nothing to apply", async () => {
    await svc.stop();
    const env = wranglerEnv();
    const args = ["wrangler", "d1", "migrations", "apply", "DIRECTORY", "--local", "--persist-to", persistDir];
    const out = await new Promise<string>((res, rej) =>
      execFile("npx", args, { cwd: resolve(import.meta.dirname, "../.."), env }, (err, stdout, stderr) =>
        err ? rej(new Error(`${err.message}\n${stderr}`)) : res(stdout),
      ),
    );
    expect(out).toMatch(/No migrations to apply/);
  });
});
