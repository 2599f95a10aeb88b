// Inbound: what email() accepts, rejects, and how it never loses a message.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { MessageDetail } from "../../src/contract/wire";
import { api, auth, claim, deliver, rawMessage } from "./helpers";

describe("email()", () => {
  it("rejects unknown addresses and foreign domains", async () => {
    expect((await deliver("nobody@pigeonhole.test", rawMessage({ to: "nobody@pigeonhole.test" }))).rejected).toMatch(/No such address/);
    expect((await deliver("someone@example.org", rawMessage({ to: "x" }))).rejected).toMatch(/No such address/);
    expect((await deliver("not-an-address", rawMessage({ to: "x" }))).rejected).toMatch(/No such address/);
  });

  it("delivers name+tag to name and keeps the tag", async () => {
    const { address, token } = await claim("tagged");
    expect((await deliver("TAGGED+GitHub@pigeonhole.test", rawMessage({ to: "x" }))).rejected).toBeNull();
    const msg = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(msg.tag).toBe("github");
    expect(msg.envelope.to).toBe(address);
  });

  it("rejects mail over MAX_MESSAGE_BYTES with a clear reason", async () => {
    const { address, token } = await claim("big");
    const limit = Number(env.MAX_MESSAGE_BYTES);
    const body = "x".repeat(limit + 10);
    const out = await deliver(address, rawMessage({ to: address, body }));
    expect(out.rejected).toMatch(/exceeds the 26214400-byte limit/);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ count: number }>();
    expect(meta.count).toBe(0);
  });

  it("rejects a stream longer than its declared size once it passes MAX_MESSAGE_BYTES", async () => {
    const { address, token } = await claim("liar");
    const raw = rawMessage({ to: address, body: "x".repeat(Number(env.MAX_MESSAGE_BYTES) + 10) });
    const out = await deliver(address, raw, "sender@example.com", { rawSize: 1000 });
    expect(out.rejected).toMatch(/exceeds the 26214400-byte limit/);
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ count: number }>();
    expect(meta.count).toBe(0);
  });

  it("stores a message no parser can read, raw, with parseError", async () => {
    const { address, token } = await claim("unparseable");
    // postal-mime refuses more than 2 MiB of headers; we must still keep the mail.
    const raw =
      `From: a@example.com\r\nSubject: huge headers\r\n${`X-Pad: ${"y".repeat(1000)}\r\n`}`.repeat(1) +
      Array.from({ length: 2200 }, (_, i) => `X-Pad-${i}: ${"z".repeat(1000)}\r\n`).join("") +
      "\r\nbody\r\n";
    expect((await deliver(address, raw)).rejected).toBeNull();
    const msg = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(msg.parseError).toMatch(/header/i);
    expect(msg.subject).toBeNull();
    const back = await (await api(`/api/v1/mailboxes/${address}/messages/1/raw`, auth(token))).text();
    expect(back).toBe(raw);
  });

  it("takes mail with no headers at all, or only garbage", async () => {
    const { address, token } = await claim("garbage");
    for (const raw of ["", "\r\n\r\n", "\x00\x01\x02 not mail", "Subject: only\r\n"]) {
      expect((await deliver(address, raw)).rejected).toBeNull();
    }
    const meta = await (await api(`/api/v1/mailboxes/${address}`, auth(token))).json<{ count: number }>();
    expect(meta.count).toBe(4);
  });
});

describe("parser limits on the inbound path", () => {
  it("parses with wasm-parser by default and records it on the message", async () => {
    const { address, token } = await claim("parsed-by");
    await deliver(address, rawMessage({ to: address, subject: "which parser" }));
    const msg = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(msg.parser).toBe("wasm-parser");
    expect(msg.warnings).toEqual([]);
  });

  it("falls back to postal-mime past a configured limit, and says so on the message", async () => {
    const { buildDelivery } = await import("../../src/inbound");
    const { readConfig } = await import("../../src/contract/config");
    const nested =
      'From: a@example.com\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary="a"\r\n\r\n--a\r\n' +
      'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--b--\r\n--a--\r\n';
    const raw = new TextEncoder().encode(nested);
    const defaults = readConfig(env).parser;
    expect(defaults).toEqual({ maxDepth: 64, maxParts: 10_000, maxHeaderBytes: 2 * 1024 * 1024 });
    const normal = await buildDelivery(raw, { from: "a@example.com", to: "x@pigeonhole.test", tag: null }, defaults);
    expect(normal.delivery.parser).toBe("wasm-parser");
    const limited = await buildDelivery(raw, { from: "a@example.com", to: "x@pigeonhole.test", tag: null }, { ...defaults, maxDepth: 1 });
    expect(limited.delivery.parser).toBe("postal-mime");
    expect(limited.delivery.warnings.join()).toMatch(/fell back to postal-mime/);
    expect(limited.delivery.text).toBe(normal.delivery.text);
  });
});
