// A mail to an address bound to a Telegram chat reaches the (fake) Bot API as
// exactly one correct sendMessage, sent by the Mailbox's outbox alarm.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, auth, deliver, rawMessage } from "./helpers";
import { answeredOk, newChatId, received, receivedUntil, sendMessageBody, tell } from "./remote";

function codeOf(text: string, n = 0): string {
  return [...text.matchAll(/<code>([^<]*)<\/code>/g)][n][1];
}

describe("Telegram push", () => {
  it("sends one sendMessage with HTML parse mode, the mail escaped and the code tappable", async () => {
    const chat = newChatId();
    const created = await tell(chat, "/new pushme");
    expect(created.status).toBe(200);
    const address = codeOf(created.body!.text!, 0);
    expect(address).toBe("pushme@pigeonhole.test");

    const out = await deliver(
      address,
      rawMessage({
        to: address,
        from: `"Ben & <Jerry>" <ben@example.com>`,
        subject: `Your <b>code</b> & "more"`,
        body: "Your verification code is 482913. <script>alert(1)</script>",
      }),
    );
    expect(out.rejected).toBeNull();

    const key = `telegram:${chat}`;
    const got = await receivedUntil(key, (r) => answeredOk(r).length >= 1);
    expect(got).toHaveLength(1);
    const req = got[0];
    expect(req.method).toBe("POST");
    expect(req.path).toBe(`/bot${env.TELEGRAM_BOT_TOKEN}/sendMessage`);
    expect(req.headers["content-type"]).toContain("application/json");
    const body = sendMessageBody(req);
    expect(body.chat_id).toBe(chat);
    expect(body.parse_mode).toBe("HTML");
    expect(body.text).toContain("<code>482913</code>");
    expect(body.text).toContain("Your &lt;b&gt;code&lt;/b&gt; &amp; &quot;more&quot;");
    expect(body.text).toContain("Ben &amp; &lt;Jerry&gt; &lt;ben@example.com&gt;");
    expect(body.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body.text).not.toContain("<script>");
    expect(body.text).toContain(`<a href="${env.PUBLIC_URL}/#/m/${encodeURIComponent(address)}/1">`);
    // Only Telegram's own tags remain once the escaped text is taken out.
    const tags = [...body.text.matchAll(/<\/?([a-z]+)[^>]*>/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(["b", "code", "a"]));

    // Nothing else follows: the row is recorded sent (and a sent row is never sent again).
    const token = codeOf(created.body!.text!, 1);
    const report = await (await api(`/api/v1/mailboxes/${address}/outbox`, auth(token))).json<any>();
    expect(report.counts).toEqual({ sent: 1, pending: 0, sending: 0, dead: 0 });
    expect(report.entries[0]).toMatchObject({ messageId: 1, target: { kind: "telegram", id: String(chat) }, state: "sent", attempts: 1 });
    expect(await received(key)).toHaveLength(1);
  });

  it("speaks the chat's language and shows links, missing subjects and every bound chat", async () => {
    const en = newChatId();
    const zh = newChatId();
    const created = await tell(en, "/new pushlang");
    const token = codeOf(created.body!.text!, 1);
    expect((await tell(zh, `/bind ${token}`, { lang: "zh-hans" })).body!.text).toContain("已绑定");
    const address = "pushlang@pigeonhole.test";
    const raw =
      `From: noreply@example.com\r\nTo: ${address}\r\nMessage-ID: <x${Date.now()}@example.com>\r\n` +
      `Content-Type: text/plain\r\n\r\nConfirm here: https://example.com/verify?token=abc&x=1\r\n`;
    await deliver(address, raw);
    const [toEn] = await receivedUntil(`telegram:${en}`, (r) => answeredOk(r).length === 1);
    const [toZh] = await receivedUntil(`telegram:${zh}`, (r) => answeredOk(r).length === 1);
    const enText = sendMessageBody(toEn).text;
    const zhText = sendMessageBody(toZh).text;
    expect(enText).toContain("<b>New mail</b>");
    expect(enText).toContain("<b>Subject:</b> (no subject)");
    expect(enText).toContain("<code>https://example.com/verify?token=abc&amp;x=1</code>");
    expect(zhText).toContain("<b>新邮件</b>");
    expect(zhText).toContain("<b>主题：</b> （无主题）");
    expect(zhText).toContain("在收件箱中打开</a>");
  });

  it("keeps hostile or huge mails within what the Bot API accepts (its HTML parser and 4096 characters)", async () => {
    const chat = newChatId();
    const created = await tell(chat, "/new pushhostile");
    const address = codeOf(created.body!.text!, 0);
    const nasty = `<a href="x">&amp;</b>&#x;&${'<&>"'.repeat(200)}`;
    await deliver(
      address,
      rawMessage({
        to: address,
        from: `"${"<&>".repeat(100)}" <x@example.com>`,
        subject: nasty,
        body: `Code 123456. ${nasty} ${"long ".repeat(2000)} https://example.com/verify?${"a=<&>&".repeat(200)}`,
      }),
    );
    const [req] = await receivedUntil(`telegram:${chat}`, (r) => r.length >= 1);
    expect(req.status).toBe(200); // the fake answers 400 for anything Telegram could not parse
    expect(sendMessageBody(req).text).toContain("<code>123456</code>");
  });

  it("(the fake Bot API refuses what Telegram would)", async () => {
    const chat = newChatId();
    const send = (text: string) =>
      fetch(`${env.TELEGRAM_API_BASE}/bot${env.TELEGRAM_BOT_TOKEN}/sendMessage`, {
        method: "POST",
        body: JSON.stringify({ chat_id: chat, text, parse_mode: "HTML" }),
      });
    for (const bad of ["a < b", "<b>open", "<script>x</script>", "Tom & Jerry", "x".repeat(4097)]) {
      expect((await send(bad)).status, bad.slice(0, 20)).toBe(400);
    }
    expect((await send("<b>ok</b> &lt;&amp;&gt; <code>1</code>")).status).toBe(200);
    const wrongToken = await fetch(`${env.TELEGRAM_API_BASE}/bot1:nope/sendMessage`, { method: "POST", body: "{}" });
    expect(wrongToken.status).toBe(401);
  });
});
