// The bot's webhook: the secret check, every command with good and bad
// arguments, English and Chinese replies, and redelivered updates.

import { createExecutionContext, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboxEntry, OutboxReport } from "../../src/contract/wire";
import worker from "../../src/index";
import { ownedMailbox } from "../../src/mailbox-access";
import { api, auth, BASE, claim, deliver, insideMailbox, rawMessage } from "./helpers";
import { answeredOk, newChatId, received, receivedUntil, tell } from "./remote";

function codes(text: string): string[] {
  return [...text.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
}

/** The outbox rows of a mailbox (written in the same transaction as each delivery). */
async function owed(address: string, token: string): Promise<OutboxEntry[]> {
  return (await (await api(`/api/v1/mailboxes/${address}/outbox`, auth(token))).json<OutboxReport>()).entries;
}

async function newAddress(chat: number, name?: string) {
  const reply = await tell(chat, name ? `/new ${name}` : "/new");
  const [address, token] = codes(reply.body!.text!);
  return { address, token, reply };
}

describe("Telegram webhook: who may call it", () => {
  it("answers 401 and does nothing without the right secret header", async () => {
    const chat = newChatId();
    for (const secret of [null, "wrong", `${env.TELEGRAM_WEBHOOK_SECRET}x`, ""]) {
      const r = await tell(chat, "/new notbysecret", { secret });
      expect(r.status).toBe(401);
      expect(r.body!.error!.code).toBe("unauthorized");
    }
    // Nothing was created: the name is still free.
    expect((await claim("notbysecret")).address).toBe("notbysecret@pigeonhole.test");
  });

  it("says the bot is off (404 with an error body) when no token is configured", async () => {
    const req = new Request(`${BASE}/telegram/webhook`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": env.TELEGRAM_WEBHOOK_SECRET! },
      body: JSON.stringify({ update_id: 1, message: { chat: { id: 1 }, text: "/start" } }),
    });
    const res = await worker.fetch!(req as never, { ...env, TELEGRAM_BOT_TOKEN: undefined } as never, createExecutionContext());
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.message).toMatch(/bot is off/);
    // …and the rest of the API still works.
    const cfg = await worker.fetch!(
      new Request(`${BASE}/api/v1/config`) as never,
      { ...env, TELEGRAM_BOT_TOKEN: undefined } as never,
      createExecutionContext(),
    );
    expect(cfg.status).toBe(200);
  });

  it("answers other methods with 405", async () => {
    const res = await api("/telegram/webhook");
    expect(res.status).toBe(405);
    expect((await res.json<any>()).error.code).toBe("method_not_allowed");
  });

  it("rejects a body that is not a JSON object with 400", async () => {
    const res = await api("/telegram/webhook", {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": env.TELEGRAM_WEBHOOK_SECRET! },
      body: "not json",
    });
    expect(res.status).toBe(400);
  });

  it("ignores updates that are not text messages", async () => {
    const res = await api("/telegram/webhook", {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": env.TELEGRAM_WEBHOOK_SECRET! },
      body: JSON.stringify({ update_id: 5, edited_message: { chat: { id: 1 }, text: "/start" } }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});

describe("Telegram commands", () => {
  it("/start and /help list the commands, in English or Chinese by language_code", async () => {
    const chat = newChatId();
    const en = await tell(chat, "/start");
    expect(en.body).toMatchObject({ method: "sendMessage", chat_id: chat, parse_mode: "HTML" });
    for (const c of ["/new", "/bind", "/list", "/mails", "/unbind", "/delete"]) expect(en.body!.text).toContain(c);
    const zh = await tell(chat, "/help", { lang: "zh-hans" });
    expect(zh.body!.text).toContain("临时邮箱");
    expect(zh.body!.text).toContain("/mails");
  });

  it("unknown commands and plain text get a helpful reply", async () => {
    const chat = newChatId();
    expect((await tell(chat, "/frobnicate now")).body!.text).toMatch(/Unknown command \/frobnicate.*\/start/);
    expect((await tell(chat, "/<b>x")).body!.text).toContain("/&lt;b&gt;x");
    expect((await tell(chat, "hello")).body!.text).toMatch(/only understand commands/);
    expect((await tell(chat, "你好", { lang: "zh" })).body!.text).toMatch(/只理解命令/);
  });

  it("/new creates a random or chosen address bound to the chat, with a working credential", async () => {
    const chat = newChatId();
    const random = await newAddress(chat);
    expect(random.address).toMatch(/^[a-z][a-z0-9]{9}@pigeonhole\.test$/);
    const meta = await api(`/api/v1/mailboxes/${random.address}`, auth(random.token));
    expect(meta.status).toBe(200);

    const chosen = await newAddress(chat, "tg-chosen");
    expect(chosen.address).toBe("tg-chosen@pigeonhole.test");
    // @botname suffixes (group chats) are understood.
    const suffixed = await tell(chat, "/new@PigeonholeBot tg-suffixed");
    expect(codes(suffixed.body!.text!)[0]).toBe("tg-suffixed@pigeonhole.test");

    expect((await tell(chat, "/new tg-chosen")).body!.text).toMatch(/Not done: .*already taken/);
    expect((await tell(chat, "/new Bad!Name")).body!.text).toMatch(/Not done: name may contain only/);
    expect((await tell(chat, "/new x")).body!.text).toMatch(/Not done: name must be 3 to 64/);
    expect((await tell(chat, "/new abc@elsewhere.test")).body!.text).toMatch(/Not done: domain must be one of/);
    expect((await tell(chat, "/new two words")).body!.text).toBe("Usage: /new [name]");

    const list = (await tell(chat, "/list")).body!.text!;
    expect(codes(list)).toEqual([random.address, "tg-chosen@pigeonhole.test", "tg-suffixed@pigeonhole.test"]);
  });

  it("/bind binds an existing address by its credential; bad or dead credentials are explained", async () => {
    const chat = newChatId();
    const { address, token } = await claim("tg-bindme");
    expect((await tell(chat, `/bind ${token}`)).body!.text).toBe(`Bound <code>${address}</code>: new mail will be pushed here.`);
    expect(codes((await tell(chat, "/list")).body!.text!)).toEqual([address]);
    // and mail to it is pushed here
    await deliver(address, rawMessage({ to: address, subject: "bound mail" }));
    const pushed = await receivedUntil(`telegram:${chat}`, (r) => answeredOk(r).length === 1);
    expect(JSON.parse(pushed[0].body).text).toContain("bound mail");

    expect((await tell(chat, "/bind")).body!.text).toBe("Usage: /bind &lt;credential&gt;");
    expect((await tell(chat, "/bind a b")).body!.text).toBe("Usage: /bind &lt;credential&gt;");
    expect((await tell(chat, "/bind not-a-token")).body!.text).toMatch(/credential is not valid/);
    expect((await tell(chat, `/bind ${token}x`)).body!.text).toMatch(/credential is not valid/);
    const doomed = await claim("tg-doomed");
    expect((await api(`/api/v1/mailboxes/${doomed.address}`, auth(doomed.token, { method: "DELETE" }))).status).toBe(204);
    expect((await tell(chat, `/bind ${doomed.token}`)).body!.text).toMatch(/deleted or has expired/);
    expect((await tell(chat, `/bind ${doomed.token}`, { lang: "zh-tw" })).body!.text).toMatch(/已被删除或已过期/);
  });

  it("/list shows only this chat's addresses; empty is explained", async () => {
    const a = newChatId();
    const b = newChatId();
    await newAddress(a, "tg-list-a");
    expect((await tell(b, "/list")).body!.text).toMatch(/No addresses are bound to this chat/);
    expect((await tell(b, "/list", { lang: "zh" })).body!.text).toMatch(/还没有绑定地址/);
    expect((await tell(b, "/list extra")).body!.text).toBe("Usage: /list");
    expect(codes((await tell(a, "/list")).body!.text!)).toEqual(["tg-list-a@pigeonhole.test"]);
  });

  it("/mails shows the latest 5 with their codes; other addresses and bad args are refused", async () => {
    const chat = newChatId();
    const { address } = await newAddress(chat, "tg-mails");
    expect((await tell(chat, `/mails ${address}`)).body!.text).toBe(`No mail in <code>${address}</code> yet.`);
    for (let i = 1; i <= 6; i++) {
      await deliver(address, rawMessage({ to: address, subject: `Mail ${i}`, body: `Your code is ${100000 + i}` }));
    }
    const text = (await tell(chat, `/mails ${address.toUpperCase()}`)).body!.text!;
    expect([...text.matchAll(/#(\d+) /g)].map((m) => Number(m[1]))).toEqual([6, 5, 4, 3, 2]);
    expect(text).toContain("<code>100006</code>");
    expect(text).toContain("<code>100002</code>");
    expect(text).not.toContain("100001");

    const other = await claim("tg-notmine");
    expect((await tell(chat, `/mails ${other.address}`)).body!.text).toBe(
      `<code>${other.address}</code> is not bound to this chat. See /list.`,
    );
    expect((await tell(chat, "/mails <junk>")).body!.text).toContain("<code>&lt;junk&gt;</code> is not bound");
    expect((await tell(chat, "/mails")).body!.text).toBe("Usage: /mails &lt;address&gt;");
  });

  it("/mails cuts whole characters, keeps each mail on one line, shows codes not links, and stays within 4,096", async () => {
    const chat = newChatId();
    const { address } = await newAddress(chat, "tg-mails-odd");
    const word = (s: string) => `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(s)))}?=`;
    const link = `https://service.example/verify?token=${"t".repeat(260)}`;
    for (let i = 1; i <= 5; i++) {
      const subject = word(`${"x".repeat(119)}😀tail\r\nBcc: victim@x.test ${i}`);
      const from = `${word(`${"y".repeat(79)}😀z`)} <s${i}@example.com>`;
      await deliver(
        address,
        rawMessage({ to: address, subject, from, body: `Verify your email: ${link}\r\nor ${link}&b\r\nor ${link}&c` }),
      );
    }
    const text = (await tell(chat, `/mails ${address}`)).body!.text!;
    expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)).toBe(false); // no half of an emoji
    expect(text).not.toContain("\r");
    expect(
      text
        .split("\n\n")
        .slice(1)
        .every((block) => !block.includes("\n")),
    ).toBe(true); // one line per mail
    expect(text).not.toContain("service.example/verify");
    expect(text.replace(/<[^>]*>/g, "").replace(/&[a-z]+;/g, "x").length).toBeLessThanOrEqual(4096);
    expect([...text.matchAll(/#(\d+) /g)]).toHaveLength(5);
    const odd = (await tell(chat, `/${"😀".repeat(40)}`)).body!.text!;
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(odd)).toBe(false);
  });

  it("/unbind stops the pushes and removes the address from /list", async () => {
    const chat = newChatId();
    const { address, token } = await newAddress(chat, "tg-unbind");
    expect((await tell(chat, `/unbind ${address}`)).body!.text).toBe(`Unbound <code>${address}</code>: no more pushes here.`);
    expect((await tell(chat, "/list")).body!.text).toMatch(/No addresses/);
    expect((await tell(chat, `/unbind ${address}`)).body!.text).toMatch(/is not bound to this chat/);
    expect((await tell(chat, "/unbind")).body!.text).toBe("Usage: /unbind &lt;address&gt;");
    await deliver(address, rawMessage({ to: address, subject: "after unbind" }));
    // The mail is stored, but the outbox (written with it) owes this chat nothing: nothing can be sent later.
    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<any>();
    expect(list.messages).toHaveLength(1);
    expect(await owed(address, token)).toEqual([]);
    expect(await received(`telegram:${chat}`)).toHaveLength(0);
  });

  it("/delete deletes the address and its credential stops working", async () => {
    const chat = newChatId();
    const { address, token } = await newAddress(chat, "tg-delete");
    expect((await tell(chat, `/delete ${address}`)).body!.text).toBe(`Deleted <code>${address}</code> and all its mail.`);
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token))).status).toBe(401);
    expect((await tell(chat, "/list")).body!.text).toMatch(/No addresses/);
    expect((await tell(chat, `/delete ${address}`)).body!.text).toMatch(/is not bound to this chat/);
    expect((await tell(chat, "/delete")).body!.text).toBe("Usage: /delete &lt;address&gt;");
  });

  it("an address deleted through the API leaves the chat's list", async () => {
    const chat = newChatId();
    const { address, token } = await newAddress(chat, "tg-gone");
    await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }));
    expect((await tell(chat, "/list")).body!.text).toMatch(/No addresses/);
    expect((await tell(chat, `/mails ${address}`)).body!.text).toMatch(/is not bound to this chat/);
  });

  it("an address whose mailbox vanished without telling the chat is reported gone and dropped", async () => {
    const chat = newChatId();
    const { address } = await newAddress(chat, "tg-vanished");
    // As if the chat missed the mailbox's goodbye: the mailbox forgets the chat, then goes.
    const entry = await env.TELEGRAM_CHAT.getByName(String(chat)).get(address);
    await ownedMailbox(env, address, { epoch: entry!.epoch }).run("unbindTelegram", String(chat));
    await ownedMailbox(env, address, { epoch: entry!.epoch }).run("destroy");
    expect((await tell(chat, `/mails ${address}`)).body!.text).toMatch(/no longer exists/);
    expect((await tell(chat, "/list")).body!.text).toMatch(/No addresses/);
  });

  it("an address past its expiry leaves the chat's list, even when its goodbye never came", async () => {
    const chat = newChatId();
    const { address } = await newAddress(chat, "tg-lapsed");
    await runInDurableObject(env.TELEGRAM_CHAT.getByName(String(chat)), (_o, state) => {
      state.storage.sql.exec("UPDATE addresses SET expires_at = ? WHERE address = ?", Date.now() - 1, address);
    });
    expect((await tell(chat, "/list")).body!.text).toMatch(/No addresses/);
    expect((await tell(chat, `/mails ${address}`)).body!.text).toMatch(/is not bound to this chat/);
  });

  it("an address that expires by its own alarm tells its chats, which drop it", async () => {
    const chat = newChatId();
    const { address } = await newAddress(chat, "tg-expired");
    await insideMailbox(address, (p, sql) => {
      sql.exec("UPDATE meta SET value = ? WHERE key = 'expires_at'", String(Date.now() - 1));
      p.lifetime.forget();
    });
    expect(await runDurableObjectAlarm(env.MAILBOX.getByName(address))).toBe(true);
    // The chat's own record still says the address lives for a day: only the mailbox's goodbye removes it.
    expect((await tell(chat, "/list")).body!.text).toMatch(/No addresses/);
  });

  it(`limits addresses per chat (TELEGRAM_ADDRESSES_PER_CHAT = ${env.TELEGRAM_ADDRESSES_PER_CHAT})`, async () => {
    const chat = newChatId();
    const limit = Number(env.TELEGRAM_ADDRESSES_PER_CHAT);
    for (let i = 0; i < limit; i++) expect(codes((await tell(chat, "/new")).body!.text!)).toHaveLength(2);
    expect((await tell(chat, "/new")).body!.text).toMatch(new RegExp(`already has ${limit} addresses`));
    const extra = await claim("tg-one-too-many");
    expect((await tell(chat, `/bind ${extra.token}`)).body!.text).toMatch(new RegExp(`already has ${limit} addresses`));
    // …and the refused binding left no trace in the mailbox: mail there pushes nowhere.
    await deliver(extra.address, rawMessage({ to: extra.address }));
    expect(await owed(extra.address, extra.token)).toEqual([]);
    expect(await received(`telegram:${chat}`)).toHaveLength(0);
  });

  it(`limits chats per address (TELEGRAM_CHATS_PER_MAILBOX = ${env.TELEGRAM_CHATS_PER_MAILBOX})`, async () => {
    const { token } = await claim("tg-popular");
    const limit = Number(env.TELEGRAM_CHATS_PER_MAILBOX);
    for (let i = 0; i < limit; i++) expect((await tell(newChatId(), `/bind ${token}`)).body!.text).toMatch(/^Bound/);
    expect((await tell(newChatId(), `/bind ${token}`)).body!.text).toMatch(new RegExp(`already pushes to ${limit} chats`));
  });

  it("a redelivered update (same update_id) is not acted on twice", async () => {
    const chat = newChatId();
    const first = await tell(chat, "/new", { updateId: 777 });
    expect(codes(first.body!.text!)).toHaveLength(2);
    const again = await tell(chat, "/new", { updateId: 777 });
    expect(again.status).toBe(200);
    expect(again.body).toBeNull();
    expect(codes((await tell(chat, "/list", { updateId: 778 })).body!.text!)).toHaveLength(1);
  });
});
