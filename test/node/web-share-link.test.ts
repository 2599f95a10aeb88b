// Share links in a real browser: a `#token=` is checked with the server before
// it is saved, and never silently replaces a credential this browser already
// holds for that address (a forged or unsigned one with the victim's address
// must not wipe theirs; a valid other one is taken only when the user says so).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRandom, newPage, startWithBrowser } from "./browser";
import type { Service } from "./service";
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

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

function savedToken(page: Page, address: string): Promise<string | null> {
  return page.evaluate(
    (a) =>
      (JSON.parse(localStorage.getItem("pigeonhole.addresses") ?? "[]") as { address: string; token: string }[]).find(
        (x) => x.address === a,
      )?.token ?? null,
    address,
  );
}

async function openLink(page: Page, token: string): Promise<void> {
  await page.goto(`/#token=${encodeURIComponent(token)}`);
  // The fragment leaves the address bar at once, whatever becomes of the token.
  await expect.poll(() => page.url()).not.toContain("token");
}

describe("web inbox: share links", () => {
  it("a forged or unsigned token for an address the user holds does not replace the saved one", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const address = await claimRandom(page);
    const mine = (await savedToken(page, address))!;
    expect(mine).toMatch(/^ey/);

    const claims = b64({ sub: address, mbx: "forged-epoch", exp: 4102444800 });
    const forged = `${b64({ alg: "HS256", typ: "JWT" })}.${claims}.${"A".repeat(43)}`;
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${claims}.`;
    for (const token of [forged, unsigned]) {
      await openLink(page, token);
      await page.getByTestId("link-problem").waitFor({ timeout: 10_000 });
      expect(await page.getByTestId("link-problem").textContent()).toContain("not valid");
      expect(await savedToken(page, address)).toBe(mine);
      expect(await page.getByTestId("replace-offer").count()).toBe(0);
    }
    // The inbox still works with the credential it had.
    await page.reload();
    await page.locator('[data-testid=connection][data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await savedToken(page, address)).toBe(mine);
    await context.close();
  });

  it("a valid other credential for a held address is taken only when the user says so", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const address = await claimRandom(page);
    const mine = (await savedToken(page, address))!;
    // A second valid credential for the same mailbox, as a login elsewhere gives.
    const put = await fetch(`${svc.url}/api/v1/mailboxes/${address}/password`, {
      method: "PUT",
      headers: { authorization: `Bearer ${mine}` },
      body: JSON.stringify({ password: "shared secret 1" }),
    });
    expect(put.status).toBe(204);
    // A token carries its issue time in seconds: a login in the same second would give the very same token.
    await new Promise((r) => setTimeout(r, 1100));
    const other = (await (
      await fetch(`${svc.url}/api/v1/tokens`, { method: "POST", body: JSON.stringify({ address, password: "shared secret 1" }) })
    ).json()) as {
      token: string;
    };
    expect(other.token).not.toBe(mine);

    await openLink(page, other.token);
    await page.getByTestId("replace-offer").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("replace-offer").textContent()).toContain(address);
    await page.getByTestId("replace-no").click();
    expect(await page.getByTestId("replace-offer").count()).toBe(0);
    expect(await savedToken(page, address)).toBe(mine);

    await openLink(page, other.token);
    await page.getByTestId("replace-yes").click();
    await expect.poll(() => savedToken(page, address)).toBe(other.token);
    await page.locator('[data-testid=connection][data-state="live"]').waitFor({ timeout: 10_000 });

    // The credential already saved, opened again: nothing to ask.
    await openLink(page, other.token);
    await page.locator('[data-testid=connection][data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("replace-offer").count()).toBe(0);
    await context.close();
  });

  it("a link for an address not held yet is saved once the server accepts it and the user says so", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const mine = await claimRandom(page);
    const created = (await (await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: "{}" })).json()) as {
      address: string;
      token: string;
    };
    // Someone else's link (say, in a mail) does not switch this tab to their inbox unasked.
    await openLink(page, created.token);
    const offer = page.locator('[data-testid=replace-offer][data-held="false"]');
    await offer.waitFor();
    expect(await offer.textContent()).toContain(created.address);
    await page.getByTestId("replace-no").click();
    await expect.poll(() => offer.count()).toBe(0);
    expect(await page.getByTestId("address").textContent()).toBe(mine);
    expect(await savedToken(page, created.address)).toBeNull();
    // Opened again and taken: saved and shown.
    await openLink(page, created.token);
    await page.getByTestId("replace-yes").click();
    await expect.poll(() => page.getByTestId("address").textContent()).toBe(created.address);
    expect(await savedToken(page, created.address)).toBe(created.token);
    await context.close();
  });
});
