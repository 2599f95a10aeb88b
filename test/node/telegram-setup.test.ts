// `npm run telegram:setup` registers the webhook (with its secret) and the
// command list, against TELEGRAM_API_BASE, and never prints the token.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SCRIPT = resolve(import.meta.dirname, "../../client/cli/telegram-setup.mjs");
const TOKEN = "42:setup-token-SECRET";
const received: { path: string; body: any }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(data || "{}") });
      const ok = req.url?.startsWith(`/bot${TOKEN}/`);
      const result = req.url?.endsWith("/getWebhookInfo")
        ? { url: "https://mail.example.test/telegram/webhook", pending_update_count: 0 }
        : true;
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify(ok ? { ok: true, result } : { ok: false, error_code: 401, description: "Unauthorized" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function run(env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number; out: string }>((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? "", ...env } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe("telegram:setup", () => {
  it("calls setWebhook with the secret and setMyCommands in English and Chinese", async () => {
    received.length = 0;
    const { code, out } = await run({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: "s3cret_value-1", TELEGRAM_API_BASE: base }, [
      "--url",
      "https://mail.example.test/",
    ]);
    expect(code, out).toBe(0);
    expect(received.map((r) => r.path)).toEqual([
      `/bot${TOKEN}/setWebhook`,
      `/bot${TOKEN}/setMyCommands`,
      `/bot${TOKEN}/setMyCommands`,
      `/bot${TOKEN}/getWebhookInfo`,
    ]);
    expect(received[0].body).toEqual({
      url: "https://mail.example.test/telegram/webhook",
      secret_token: "s3cret_value-1",
      allowed_updates: ["message"],
    });
    const names = (r: { body: any }) => r.body.commands.map((c: { command: string }) => c.command);
    expect(names(received[1])).toEqual(["start", "new", "bind", "list", "mails", "unbind", "delete"]);
    expect(received[1].body.language_code).toBeUndefined();
    expect(names(received[2])).toEqual(names(received[1]));
    expect(received[2].body.language_code).toBe("zh");
    expect(out).toContain("setWebhook: https://mail.example.test/telegram/webhook");
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain("s3cret_value-1");
  });

  it("explains what is missing, and reports Bot API errors without the token", async () => {
    expect((await run({ TELEGRAM_API_BASE: base })).out).toMatch(/set TELEGRAM_BOT_TOKEN/);
    expect((await run({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_BASE: base })).out).toMatch(/set TELEGRAM_WEBHOOK_SECRET/);
    expect((await run({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: "bad secret!", TELEGRAM_API_BASE: base })).out).toMatch(
      /A-Z a-z 0-9 _ -/,
    );
    expect((await run({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: "x", TELEGRAM_API_BASE: base })).out).toMatch(/--url/);
    const wrong = await run({ TELEGRAM_BOT_TOKEN: "9:wrong-token", TELEGRAM_WEBHOOK_SECRET: "x", TELEGRAM_API_BASE: base }, [
      "--url",
      "https://a.test",
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/setWebhook failed: 401 Unauthorized/);
    expect(wrong.out).not.toContain("9:wrong-token");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await run(
      { TELEGRAM_BOT_TOKEN: "9:wrong-token", TELEGRAM_WEBHOOK_SECRET: "x", TELEGRAM_API_BASE: `http://127.0.0.1:${closedPort}` },
      ["--url", "https://a.test"],
    );
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/setWebhook failed: ECONNREFUSED/);
    expect(down.out).not.toContain("9:wrong-token");
  });
});
