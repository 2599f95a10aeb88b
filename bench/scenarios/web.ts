// The web inbox's time-to-visible in Debian's Chromium: from the delivery POST
// to the new row in the open inbox's list, one mail at a time.
import { claimRandom, launchBrowser, newPage, simpleMail } from "../../test/node/browser.ts";
import { deliver } from "../lib/http.ts";
import { now, type Summary, summarize } from "../lib/stats.ts";

export interface WebResult {
  mails: number;
  visible: Summary;
}

export async function runWeb(base: string, opts: { mails: number }): Promise<WebResult> {
  const browser = await launchBrowser();
  try {
    const { page } = await newPage(browser, base);
    const address = await claimRandom(page);
    const visible: number[] = [];
    for (let n = 1; n <= opts.mails; n++) {
      const t0 = now();
      const r = await deliver(base, `s${n}@example.com`, address, new TextEncoder().encode(simpleMail(address, n)));
      if (r.status !== 200) throw new Error(`web bench delivery ${n}: ${r.status} ${r.body}`);
      await page.locator(`[data-id="${n}"]`).waitFor({ timeout: 10_000 });
      visible.push(now() - t0);
    }
    return { mails: opts.mails, visible: summarize(visible) };
  } finally {
    await browser.close();
  }
}
