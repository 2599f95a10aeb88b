// How the outbox reads each Bot API answer: a wrong token (401/404) is retried
// until an operator fixes it, every "chat gone" answer unbinds the chat, and
// the bot token never shows in an error an owner can read through /outbox.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboxEntry, OutboxReport } from "../../src/contract/wire";
import { api, auth, claim, deliver, insideMailbox, rawMessage } from "./helpers";
import { answeredOk, newChatId, receivedUntil, script, tell } from "./remote";

async function outboxText(address: string, token: string): Promise<string> {
  return (await api(`/api/v1/mailboxes/${address}/outbox`, auth(token))).text();
}

/** Polls /outbox until its only row satisfies `ok`. */
async function onlyRow(address: string, token: string, ok: (e: OutboxEntry) => boolean, ms = 15_000): Promise<OutboxEntry> {
  const deadline = Date.now() + ms;
  for (;;) {
    const report = JSON.parse(await outboxText(address, token)) as OutboxReport;
    const [row] = report.entries;
    if (report.entries.length === 1 && ok(row)) return row;
    if (Date.now() > deadline) throw new Error(`timed out; outbox: ${JSON.stringify(report).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** An address bound to a fresh chat. */
async function boundChat() {
  const chat = newChatId();
  const box = await claim();
  expect((await tell(chat, `/bind ${box.token}`)).body!.text).toContain("Bound");
  return { ...box, chat, key: `telegram:${chat}` };
}

describe("Bot API answers", () => {
  it.each([401, 404])("retries a %i (a wrong token an operator can fix) and delivers once it is fixed", async (status) => {
    const b = await boundChat();
    await script(b.key, [{ mode: "status", status, description: status === 401 ? "Unauthorized" : "Not Found", times: 2 }]);
    await deliver(b.address, rawMessage({ to: b.address, subject: "after the fix" }));
    const r = await receivedUntil(b.key, (x) => answeredOk(x).length === 1);
    expect(r.map((x) => x.status)).toEqual([status, status, 200]);
    expect(await onlyRow(b.address, b.token, (e) => e.state === "sent")).toMatchObject({ state: "sent", attempts: 3 });
  });

  it.each([
    "Bad Request: PEER_ID_INVALID",
    "Bad Request: user is deactivated",
    "Bad Request: bot was kicked from the group chat",
    "Bad Request: group chat was deleted",
    "Bad Request: have no rights to send a message",
    "Bad Request: group chat was upgraded to a supergroup chat",
  ])("unbinds the chat on 400 %s", async (description) => {
    const b = await boundChat();
    await script(b.key, [{ mode: "status", status: 400, description }]);
    await deliver(b.address, rawMessage({ to: b.address }));
    const row = await onlyRow(b.address, b.token, (e) => e.state === "dead");
    expect(row).toMatchObject({ attempts: 1, lastError: `chat unbound: 400 ${description}` });
    expect((await tell(b.chat, "/list")).body!.text).toMatch(/No addresses/);
    // The mailbox forgot the chat too: the next mail owes it nothing.
    await deliver(b.address, rawMessage({ to: b.address }));
    expect(JSON.parse(await outboxText(b.address, b.token)).entries).toHaveLength(1);
  });
});

describe("the bot token in outbox errors", () => {
  const botToken = env.TELEGRAM_BOT_TOKEN!;

  it("is replaced in an error the Bot API answered with", async () => {
    const b = await boundChat();
    await script(b.key, [{ mode: "status", status: 400, description: `Bad Request: no bot${botToken} here` }]);
    await deliver(b.address, rawMessage({ to: b.address }));
    const row = await onlyRow(b.address, b.token, (e) => e.state === "dead");
    expect(row.lastError).toBe("400 Bad Request: no bot<token> here");
    expect(await outboxText(b.address, b.token)).not.toContain(botToken);
  });

  it("is replaced in an error fetch threw (whose message carries the request URL)", async () => {
    const b = await boundChat();
    // A Bot API base that no fetch can reach: the error names the whole URL, token included.
    await insideMailbox(b.address, (p) => {
      p.config.telegramApiBase = "https://api.telegram.invalid:99999";
    });
    await deliver(b.address, rawMessage({ to: b.address }));
    const row = await onlyRow(b.address, b.token, (e) => e.lastError !== null);
    expect(row.lastError).toContain("<token>");
    expect(await outboxText(b.address, b.token)).not.toContain(botToken);
  });
});
