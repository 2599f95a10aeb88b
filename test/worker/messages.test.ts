import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/bytes";
import type { MessageDetail, MessageList } from "../../src/contract/wire";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";

function withAttachment(to: string, bytes: Uint8Array, filename: string): string {
  let b64 = "";
  for (let i = 0; i < bytes.length; i += 3 * 1024) b64 += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 1024)));
  return (
    `From: "Ann Example" <ann@example.com>\r\nTo: ${to}\r\nCc: carl@example.com\r\nSubject: =?utf-8?B?5L2g5aW9?= report\r\n` +
    `Message-ID: <att@example.com>\r\nDate: Tue, 24 Nov 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/mixed; boundary="b1"\r\n\r\n` +
    `--b1\r\nContent-Type: multipart/alternative; boundary="b2"\r\n\r\n` +
    `--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee attached. Code: 94-XK-21 is not one; your login code is 553311.\r\n` +
    `--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>See <b>attached</b>.</p>\r\n--b2--\r\n` +
    `--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="${filename}"\r\n` +
    `Content-Transfer-Encoding: base64\r\n\r\n${b64.replace(/(.{76})/g, "$1\r\n")}\r\n--b1--\r\n`
  );
}

describe("messages", () => {
  it("serves a message in full: fields, codes, tag, attachments, raw bytes", async () => {
    const { address, token } = await claim("reader");
    const bytes = crypto.getRandomValues(new Uint8Array(5000));
    const raw = withAttachment("reader+news@pigeonhole.test", bytes, "report 2026.bin");
    expect((await deliver("Reader+News@Pigeonhole.test", raw)).rejected).toBeNull();

    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<Record<string, unknown>>();
    expect(meta).toMatchObject({ address, count: 1, latestId: 1 });

    const msg = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(msg).toMatchObject({
      id: 1,
      tag: "news",
      subject: "你好 report",
      from: { name: "Ann Example", address: "ann@example.com" },
      cc: [{ name: "", address: "carl@example.com" }],
      messageId: "<att@example.com>",
      date: "2026-11-24T08:00:00.000Z",
      envelope: { from: "sender@example.com", to: "reader@pigeonhole.test" },
      parseError: null,
      html: expect.stringContaining("<b>attached</b>"),
      size: raw.length,
    });
    expect(msg.codes).toEqual([{ kind: "code", value: "553311" }]);
    expect(msg.attachments).toEqual([
      {
        index: 0,
        filename: "report 2026.bin",
        contentType: "application/octet-stream",
        size: 5000,
        contentId: null,
        disposition: "attachment",
        sha256: await sha256Hex(bytes),
      },
    ]);

    const att = await api(`/api/v1/mailboxes/${address}/messages/1/attachments/0`, auth(token));
    expect(att.status).toBe(200);
    expect(att.headers.get("content-disposition")).toBe(`attachment; filename="report 2026.bin"; filename*=UTF-8''report%202026.bin`);
    expect(att.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await att.arrayBuffer())).toEqual(bytes);

    const rawRes = await api(`/api/v1/mailboxes/${address}/messages/1/raw`, auth(token));
    expect(rawRes.headers.get("content-type")).toBe("message/rfc822");
    expect(await rawRes.text()).toBe(raw);

    expect((await api(`/api/v1/mailboxes/${address}/messages/1/attachments/1`, auth(token))).status).toBe(404);
    expect((await api(`/api/v1/mailboxes/${address}/messages/2`, auth(token))).status).toBe(404);
    expect((await api(`/api/v1/mailboxes/${address}/messages/abc`, auth(token))).status).toBe(404);
    expect((await api(`/api/v1/mailboxes/${address}/messages/99999999999999999999`, auth(token))).status).toBe(404);
    expect((await api(`/api/v1/mailboxes/${address}/messages/2/raw`, auth(token))).status).toBe(404);
  });

  it("lists newest first with keyset pagination", async () => {
    const { address, token } = await claim("pager");
    for (let i = 1; i <= 7; i++) await deliver(address, rawMessage({ to: address, subject: `m${i}` }));
    const page1 = await (await api(`/api/v1/mailboxes/${address}/messages?limit=3`, auth(token))).json<MessageList>();
    expect(page1.messages.map((m) => m.subject)).toEqual(["m7", "m6", "m5"]);
    expect(page1.nextBefore).toBe(5);
    const page2 = await (await api(`/api/v1/mailboxes/${address}/messages?limit=3&before=5`, auth(token))).json<MessageList>();
    expect(page2.messages.map((m) => m.id)).toEqual([4, 3, 2]);
    const page3 = await (await api(`/api/v1/mailboxes/${address}/messages?limit=3&before=2`, auth(token))).json<MessageList>();
    expect(page3).toMatchObject({ messages: [{ id: 1 }], nextBefore: null });
    // a page that ends exactly at the oldest message is the last one; below it, an empty page
    const exact = await (await api(`/api/v1/mailboxes/${address}/messages?limit=3&before=4`, auth(token))).json<MessageList>();
    expect(exact).toEqual({
      messages: [expect.objectContaining({ id: 3 }), expect.objectContaining({ id: 2 }), expect.objectContaining({ id: 1 })],
      nextBefore: null,
    });
    expect(await (await api(`/api/v1/mailboxes/${address}/messages?before=1`, auth(token))).json()).toEqual({
      messages: [],
      nextBefore: null,
    });
    const all = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(all.messages).toHaveLength(7);
    for (const bad of ["limit=0", "limit=101", "limit=-1", "limit=x", "before=-5", "before=1e3"]) {
      const res = await api(`/api/v1/mailboxes/${address}/messages?${bad}`, auth(token));
      expect(res.status, bad).toBe(400);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("bad_request");
    }
  });

  it("deletes one, clears all, and destroys the mailbox, telling sockets each time", async () => {
    const { address, token } = await claim("deleter");
    for (let i = 0; i < 3; i++) await deliver(address, rawMessage({ to: address }));
    const sock = await openSocket(address, token, 3);
    await sock.until((f) => f.length === 1);
    expect((await api(`/api/v1/mailboxes/${address}/messages/2`, auth(token, { method: "DELETE" }))).status).toBe(204);
    expect((await api(`/api/v1/mailboxes/${address}/messages/2`, auth(token, { method: "DELETE" }))).status).toBe(404);
    await sock.until((f) => f.length === 2);
    expect(sock.frames[1]).toEqual({ type: "deleted", id: 2 });
    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(list.messages.map((m) => m.id)).toEqual([3, 1]);

    expect((await api(`/api/v1/mailboxes/${address}/messages`, auth(token, { method: "DELETE" }))).status).toBe(204);
    await sock.until((f) => f.length === 3);
    expect(sock.frames[2]).toEqual({ type: "cleared" });
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ count: number; latestId: number }>();
    expect(meta).toMatchObject({ count: 0, latestId: 3 });
    // ids keep counting after a clear: cursors never go back
    await deliver(address, rawMessage({ to: address }));
    await sock.until((f) => f.length === 4);
    expect(sock.frames[3]).toMatchObject({ type: "message", message: { id: 4 } });

    expect((await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    await sock.until((f) => f.length === 5 && sock.closed !== null);
    expect(sock.frames[4]).toEqual({ type: "expired" });
    // mail for a destroyed address is refused, not silently dropped
    expect((await deliver(address, rawMessage({ to: address }))).rejected).toMatch(/No such address/);
  });

  it("long-polls: returns as soon as mail lands, 204 after the timeout", async () => {
    const { address, token } = await claim("poller");
    const t0 = Date.now();
    const empty = await api(`/api/v1/mailboxes/${address}/wait?timeout=1`, auth(token));
    expect(empty.status).toBe(204);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);

    const waiting = api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=20`, auth(token));
    await new Promise((r) => setTimeout(r, 100));
    const t1 = Date.now();
    await deliver(address, rawMessage({ to: address, subject: "arrived" }));
    const res = await waiting;
    expect(Date.now() - t1).toBeLessThan(2000);
    expect(res.status).toBe(200);
    expect((await res.json<{ messages: { subject: string }[] }>()).messages.map((m) => m.subject)).toEqual(["arrived"]);

    // already there: immediate
    const ready = await api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=30`, auth(token));
    expect(ready.status).toBe(200);
    expect((await api(`/api/v1/mailboxes/${address}/wait?timeout=61`, auth(token))).status).toBe(400);
    expect((await api(`/api/v1/mailboxes/${address}/wait?after=-1`, auth(token))).status).toBe(400);
  });

  it("releases a waiting long-poll (204, empty) when the owner destroys the mailbox", async () => {
    const { address, token } = await claim("poll-destroyed");
    const started = Date.now();
    const waiting = api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=30`, auth(token));
    await new Promise((r) => setTimeout(r, 100));
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token, { method: "DELETE" }))).status).toBe(204);
    const res = await waiting;
    expect(res.status).toBe(204);
    // Released by the deletion, not by its own 30 s timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("answers anything but a ping on the WebSocket with an error frame, and keeps the socket open", async () => {
    const { address, token } = await claim("ws-chatty");
    const sock = await openSocket(address, token, 0);
    await sock.until((f) => f.length === 1);
    sock.ws.send("hello?");
    await sock.until((f) => f.length === 2);
    expect(sock.frames[1]).toEqual({ type: "error", message: 'Send "ping" to keep alive; nothing else is accepted.' });
    sock.ws.send("ping");
    await sock.until((f) => f.length === 3);
    expect(sock.frames[2]).toBe("pong");
    expect(sock.closed).toBeNull();
    sock.close();
  });

  it.each([
    ["page.html", "text/html", "<script>parent.document.cookie</script><h1>hi</h1>"],
    ["image.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'],
  ])("serves a hostile %s attachment as a sandboxed, unsniffed, uncached download", async (filename, type, content) => {
    const { address, token } = await claim();
    const raw =
      `From: a@example.com\r\nTo: ${address}\r\nSubject: hostile\r\nMessage-ID: <h${Date.now()}@example.com>\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: multipart/mixed; boundary="h"\r\n\r\n--h\r\nContent-Type: text/plain\r\n\r\nsee file\r\n` +
      `--h\r\nContent-Type: ${type}\r\nContent-Disposition: attachment; filename="${filename}"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${btoa(content)}\r\n--h--\r\n`;
    expect((await deliver(address, raw)).rejected).toBeNull();
    const res = await api(`/api/v1/mailboxes/${address}/messages/1/attachments/0`, auth(token));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${filename}"; filename*=UTF-8''${filename}`);
    expect(await res.text()).toBe(content);
  });

  it("refuses a non-upgrade request on the WebSocket route with 400", async () => {
    const { address, token } = await claim("not-ws");
    const res = await api(`/api/v1/mailboxes/${address}/ws`, auth(token));
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("bad_request");
  });
});

describe("long-poll wait", () => {
  it("answers only mail with id > after: an after past the newest id waits for mail past it", async () => {
    const { address, token } = await claim();
    await deliver(address, rawMessage({ to: address, subject: "one" }));
    const ahead = api(`/api/v1/mailboxes/${address}/wait?after=3&timeout=3`, auth(token));
    const behind = api(`/api/v1/mailboxes/${address}/wait?after=1&timeout=20`, auth(token));
    await new Promise((r) => setTimeout(r, 300));
    await deliver(address, rawMessage({ to: address, subject: "two" })); // id 2: new, but not past 3
    const got = await behind;
    expect((await got.json<{ messages: { id: number }[] }>()).messages.map((m) => m.id)).toEqual([2]);
    expect((await ahead).status).toBe(204);
    // Mail past `after` ends such a wait as usual.
    const waiting = api(`/api/v1/mailboxes/${address}/wait?after=2&timeout=20`, auth(token));
    await new Promise((r) => setTimeout(r, 300));
    await deliver(address, rawMessage({ to: address, subject: "three" }));
    expect((await (await waiting).json<{ messages: { id: number }[] }>()).messages.map((m) => m.id)).toEqual([3]);
  });
});
