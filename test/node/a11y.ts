// Accessibility check for any page of the web client: axe-core, from node_modules,
// run in the page as it stands. A page passes with no critical and no serious violation.
// And keyboard reach: Tab until a control has focus, as a keyboard user would.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// Served to the page from its own origin, so the page's CSP (script-src 'self') admits it unchanged.
const AXE_PATH = "/__a11y-test/axe.min.js";

export type Impact = "minor" | "moderate" | "serious" | "critical";

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  targets: string[];
}

/** Every axe-core violation on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.route(`**${AXE_PATH}`, (route) => route.fulfill({ body: AXE_SOURCE, contentType: "text/javascript" }));
    await page.addScriptTag({ url: AXE_PATH });
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeApi }).axe;
    // The mail frame holds the sender's HTML, not ours, and runs no script (so axe could not enter it);
    // the frame element itself (its title) is still checked.
    const result = await axe.run(document, { resultTypes: ["violations"], iframes: false });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

interface AxeApi {
  run(
    context: Document,
    options: Record<string, unknown>,
  ): Promise<{ violations: { id: string; impact: Impact | null; help: string; nodes: { target: string[] }[] }[] }>;
}

/** One line per violation, for failure messages. */
export function describeViolations(list: AxeViolation[]): string[] {
  return list.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(", ")})`);
}

/**
 * The gate every page of the client goes through: fails on any critical or
 * serious violation, naming `where`. Returns all violations, so a caller can
 * hold the page to more.
 */
export async function expectAccessible(page: Page, where: string): Promise<AxeViolation[]> {
  const all = await axeViolations(page);
  const blocking = all.filter((v) => v.impact === "critical" || v.impact === "serious");
  expect(describeViolations(blocking), `${where}: critical or serious axe violations`).toEqual([]);
  return all;
}

/** Presses Tab until the element matching `selector` has focus (at most 40 times), as a keyboard user reaches it. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      return {
        hit: !!el?.matches(sel),
        name: el ? `${el.tagName.toLowerCase()}:${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim()}` : "none",
      };
    }, selector);
    if (at.hit) return;
    path.push(at.name);
  }
  throw new Error(`Tab never reached ${selector}; focus went ${path.join(" → ")}`);
}

/** Every page is checked in each: light and dark, at desktop width and at 360 px. */
export const VARIANTS = [
  { name: "light, desktop", colorScheme: "light", viewport: { width: 1280, height: 800 } },
  { name: "dark, desktop", colorScheme: "dark", viewport: { width: 1280, height: 800 } },
  { name: "light, 360 px", colorScheme: "light", viewport: { width: 360, height: 740 } },
  { name: "dark, 360 px", colorScheme: "dark", viewport: { width: 360, height: 740 } },
] as const;
