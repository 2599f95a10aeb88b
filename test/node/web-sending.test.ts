// Sending from the web inbox in a real browser (Debian Chromium) against `wrangler dev` and a
// real SMTP relay: compose with files from the picker, the Sent folder's status changing live
// (queued while the relay says 451, then sent; failed on 550), reply and forward. The compose
// code is fetched only when it is first opened.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RELAY_PASS, RELAY_USER } from "../fake-relay/credentials";
import { type RelayedMessage, startRelay } from "../fake-relay/server";
import { claimRandom, newPage, PNG, rfc822, startWithBrowser } from "./browser";
import { deliverHttp, type Service, startService } from "./service";

let svc: Service;
let browser: Browser;
const relay = startRelay();

beforeAll(async () => {
  await new Promise<void>((r) => relay.smtp.listen(0, "127.0.0.1", r));
  const port = (relay.smtp.server.address() as AddressInfo).port;
  [svc, browser] = await startWithBrowser(
    startService({
      vars: {
        SEND_TRANSPORT: "smtp",
        SMTP_URL: `smtp://${RELAY_USER}:${RELAY_PASS}@127.0.0.1:${port}`,
        SEND_DAILY_QUOTA: "50",
        OUTBOX_BACKOFF_BASE_MS: "400",
        OUTBOX_BACKOFF_MAX_MS: "800",
      },
    }),
  );
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await new Promise<void>((r) => relay.smtp.close(() => r()));
});

async function relayedTo(rcpt: string): Promise<RelayedMessage> {
  await expect.poll(() => relay.received.filter((m) => m.to.includes(rcpt)).length, { timeout: 20_000 }).toBe(1);
  return relay.received.find((m) => m.to.includes(rcpt))!;
}

const parse = (m: RelayedMessage) => PostalMime.parse(Buffer.from(m.raw, "base64"), { attachmentEncoding: "arraybuffer" });

describe("sending from the web inbox", () => {
  it("composes with attached files; the Sent folder shows queued, then sent, live; a refused recipient shows failed", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const scripts: string[] = [];
    page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    await claimRandom(page);
    expect(scripts.some((s) => /compose/.test(s))).toBe(false);

    relay.rules.set("busy@example.net", [{ mode: "temp", times: 3 }]);
    await page.getByTestId("compose-new").click();
    await page.getByTestId("compose").waitFor();
    expect(scripts.some((s) => /compose/.test(s))).toBe(true);
    await page.getByTestId("compose-to").fill("busy@example.net");
    await page.getByTestId("compose-subject").fill("Hello from the browser");
    await page.getByTestId("compose-text").fill("Two files attached.");
    const doc = Buffer.from("quarterly numbers\n");
    await page.getByTestId("compose-files").setInputFiles([
      { name: "pixel.png", mimeType: "image/png", buffer: PNG },
      { name: "notes.txt", mimeType: "text/plain", buffer: doc },
    ]);
    await expect.poll(() => page.getByTestId("compose-attachments").locator("li").count()).toBe(2);
    await page.getByTestId("compose-send").click();

    await page.getByTestId("compose").waitFor({ state: "detached" });
    expect(await page.getByTestId("folder-sent").getAttribute("aria-pressed")).toBe("true");
    const item = page.locator("[data-id][data-status]").first();
    await expect.poll(() => item.getAttribute("data-status")).toBe("queued");
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 20_000 }).toBe("sent");
    expect(await item.getByTestId("send-status").textContent()).toBe("Sent");
    const mail = await parse(await relayedTo("busy@example.net"));
    expect(mail.subject).toBe("Hello from the browser");
    expect(mail.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
      ["pixel.png", "image/png"],
      ["notes.txt", "text/plain"],
    ]);
    expect(Buffer.from(mail.attachments[0].content as ArrayBuffer)).toEqual(PNG);
    expect(Buffer.from(mail.attachments[1].content as ArrayBuffer)).toEqual(doc);

    relay.rules.set("nobody@example.net", [{ mode: "perm" }]);
    await page.getByTestId("compose-new").click();
    await page.getByTestId("compose-to").fill("nobody@example.net");
    await page.getByTestId("compose-text").fill("Will bounce.");
    await page.getByTestId("compose-send").click();
    const failed = page.locator('[data-id][data-status="failed"]');
    await failed.waitFor({ timeout: 20_000 });
    expect(await failed.textContent()).toMatch(/Failed.*550 5\.1\.1 No such user here/);
    await context.close();
  });

  it("replies to and forwards an arrived mail from the message view", async () => {
    const { context, page } = await newPage(browser, svc.url);
    const address = await claimRandom(page);
    const original = rfc822(
      {
        From: "Shop <shop@example.net>",
        To: address,
        // A line break inside an encoded word: the reply's subject must come out on one line, or the server refuses it.
        Subject: `=?UTF-8?B?${Buffer.from("Order 7\r\nX-Evil: 1").toString("base64")}?=`,
        "Message-ID": "<order-7@example.net>",
        Date: "Wed, 25 Nov 2026 10:00:00 +0000",
      },
      "Your order has shipped.\n",
    );
    expect((await deliverHttp(svc.url, "shop@example.net", address, original)).status).toBe(200);
    await page.setViewportSize({ width: 360, height: 740 }); // a phone: nothing may spill sideways
    await page.locator("[data-id]").first().click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByTestId("reply").click();
    await expect.poll(() => page.getByTestId("compose-to").inputValue()).toBe("shop@example.net");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByTestId("compose-subject").inputValue()).toBe("Re: Order 7 X-Evil: 1");
    // The list's keys do nothing behind a draft: Delete on a compose button kept the mail being answered, Esc the draft.
    await page.getByTestId("compose-cancel").focus();
    await page.keyboard.press("Delete");
    await page.keyboard.press("Escape");
    expect(await page.getByTestId("compose-to").inputValue()).toBe("shop@example.net");
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem("pigeonhole.addresses")!)[0].token as string);
    const held = await fetch(`${svc.url}/api/v1/mailboxes/${address}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await held.json()) as { messages: unknown[] }).messages).toHaveLength(1);
    await page.getByTestId("compose-text").fill("Thank you!");
    await page.getByTestId("compose-send").click();
    const reply = await parse(await relayedTo("shop@example.net"));
    expect(reply.inReplyTo).toBe("<order-7@example.net>");
    expect(reply.text).toMatch(/^Thank you!\n\nOn .* wrote:\n> Your order has shipped\./);

    await page.getByTestId("folder-inbox").click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.locator("[data-id]").first().click();
    await page.getByTestId("forward").click();
    await page.getByTestId("compose-to").fill("friend@example.net");
    await expect.poll(() => page.getByTestId("compose-subject").inputValue()).toBe("Fwd: Order 7 X-Evil: 1");
    await page.getByTestId("compose-send").click();
    const forwarded = await parse(await relayedTo("friend@example.net"));
    const part = forwarded.attachments.find((a) => a.mimeType === "message/rfc822");
    // The local email endpoint stored the mail as it came, so the forwarded part is the original, byte for byte.
    expect(Buffer.from(part!.content as ArrayBuffer).toString("latin1")).toBe(original);
    await context.close();
  });
});
