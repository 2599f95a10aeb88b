// The same SDK in a real browser (Debian's Chromium, through the shared
// launcher): bundled as-is by Vite, loaded by a page on another origin,
// talking to `wrangler dev` over fetch (CORS) and the browser's own WebSocket.

import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { build, type Rolldown } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { deliverHttp, freePort, type Service } from "./service";
import { sharedService } from "./shared-service";

let svc: Service;
let browser: Browser;
let page: Server;
let pageUrl: string;

/** The SDK as one classic script exposing `PigeonholeSDK`, built in memory. */
async function sdkBundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "warn",
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, "../../client/sdk/index.ts"), formats: ["iife"], name: "PigeonholeSDK", fileName: "sdk" },
    },
  });
  const [result] = Array.isArray(out) ? out : [out as Rolldown.RolldownOutput];
  return result.output[0].code;
}

beforeAll(async () => {
  const script = await sdkBundle();
  svc = await sharedService();
  const port = await freePort();
  page = createServer((req, res) => {
    if (req.url === "/sdk.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script src="/sdk.js"></script>');
  });
  await new Promise<void>((r) => page.listen(port, "127.0.0.1", r));
  // Another origin than the API: "localhost" vs "127.0.0.1".
  pageUrl = `http://localhost:${port}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => page?.close(r));
  await svc?.stop();
});

describe("SDK in a browser", () => {
  it("creates an address, subscribes over the browser's WebSocket, and waits for a code, cross-origin", async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const address = await tab.evaluate(async (api) => {
      const { Pigeonhole } = (window as any).PigeonholeSDK;
      const { client, address } = await Pigeonhole.createAddress(api);
      const w = window as any;
      w.client = client;
      w.live = [];
      w.sub = client.subscribe({ onMessage: (m: any) => w.live.push(m.subject) });
      w.waiting = client.waitForMessage({ match: (m: any) => m.codes.length > 0, timeout: 15_000 });
      return address as string;
    }, svc.url);
    // No wait for the socket: it replays from 0, and the long-poll counts mail already there.
    const raw =
      `From: Shop <shop@example.com>\r\nTo: ${address}\r\nSubject: Browser code\r\n` +
      `Message-ID: <${crypto.randomUUID()}@example.com>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nYour code is 246810\r\n`;
    expect((await deliverHttp(svc.url, "shop@example.com", address, raw)).status).toBe(200);
    const result = await tab.evaluate(async () => {
      const w = window as any;
      const m = await w.waiting;
      const start = Date.now();
      while (w.live.length === 0 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 50));
      const rawText = new TextDecoder().decode(await w.client.raw(m.id));
      w.sub.close();
      return { code: m.codes[0].value, live: w.live, rawText, origin: location.origin };
    });
    expect(result.origin).not.toBe(svc.url);
    expect(result.code).toBe("246810");
    expect(result.live).toEqual(["Browser code"]);
    expect(result.rawText).toBe(raw);
    await tab.close();
  });
});
