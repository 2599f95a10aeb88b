// Steps the account-page browser tests share: opening the panel, signing up with a password.
import type { Page } from "playwright-core";
import { expect } from "vitest";

export const PASSWORD = "correct horse battery";

/** Opens the account panel on the page as it is (no navigation). */
export async function openAccountPanel(page: Page): Promise<void> {
  await page.getByTestId("account").click();
  await page.getByTestId("account-panel").waitFor();
}

/** From the inbox: opens the account panel, signs up as `name` with PASSWORD, and waits to be signed in. */
export async function signUpWithPassword(page: Page, name: string): Promise<void> {
  await page.goto("/");
  await openAccountPanel(page);
  await page.getByTestId("switch-mode").click();
  await page.getByTestId("username").fill(name);
  await page.getByTestId("password").fill(PASSWORD);
  await page.getByTestId("submit").click();
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toBe(`Signed in as ${name}`);
}
