// Large mail: ~20 MB round-trips byte-identical (raw and attachment).
import { describe, expect, it } from "vitest";
import { fitBodies } from "../../objects/mailbox/shown-bodies";
import { sha256Hex } from "../../src/bytes";
import { readConfig } from "../../src/contract/config";
import type { Delivery } from "../../src/contract/delivery";
import type { MessageDetail } from "../../src/contract/wire";
import { api, auth, claim, deliver } from "./helpers";

function base64Lines(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 57) lines.push(btoa(String.fromCharCode(...bytes.subarray(i, i + 57))));
  return lines.join("\r\n");
}

describe("large mail", () => {
  it("round-trips a ~20 MB message byte-identical, raw and attachment", async () => {
    const { address, token } = await claim("large");
    const payload = new Uint8Array(14_500_000);
    for (let i = 0; i < payload.length; i += 65536) crypto.getRandomValues(payload.subarray(i, i + 65536));
    const raw = new TextEncoder().encode(
      `From: big@example.com\r\nTo: ${address}\r\nSubject: big\r\nMessage-ID: <big@example.com>\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhere\r\n` +
        `--XX\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename="big.zip"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\n${base64Lines(payload)}\r\n--XX--\r\n`,
    );
    expect(raw.byteLength).toBeGreaterThan(19_500_000);
    expect((await deliver(address, raw)).rejected).toBeNull();

    const msg = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(msg.size).toBe(raw.byteLength);
    expect(msg.attachments[0]).toMatchObject({ filename: "big.zip", size: payload.byteLength, sha256: await sha256Hex(payload) });

    const back = new Uint8Array(await (await api(`/api/v1/mailboxes/${address}/messages/1/raw`, auth(token))).arrayBuffer());
    expect(back.byteLength).toBe(raw.byteLength);
    expect(await sha256Hex(back)).toBe(await sha256Hex(raw));

    const att = new Uint8Array(await (await api(`/api/v1/mailboxes/${address}/messages/1/attachments/0`, auth(token))).arrayBuffer());
    expect(await sha256Hex(att)).toBe(await sha256Hex(payload));
  });
});

describe("large bodies", () => {
  // SQLite in a Durable Object takes no value, row or result over 2 MB (the local runtime lets more
  // through): a body that size is kept whole in the raw message and clipped, with a warning, where
  // it is shown, so the detail SQLite builds stays inside 2 MB.
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
  const LIMIT = 768 * 1024;

  it("stores a mail whose text and HTML bodies are megabytes each, clips what it shows, keeps the raw whole", async () => {
    const { address, token } = await claim();
    const line = "A line of a long newsletter that goes on and on, with a code nowhere in it.\r\n";
    const text = line.repeat(45_000); // ~3.4 MB
    const html = `<html><body>${"<p>Paragraph &amp; more</p>\r\n".repeat(110_000)}</body></html>\r\n`; // ~3 MB
    const raw =
      `From: news@example.com\r\nTo: ${address}\r\nSubject: long\r\nMessage-ID: <long-${crypto.randomUUID()}@example.com>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="B"\r\n\r\n` +
      `--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}--B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}--B--\r\n`;
    expect((await deliver(address, raw)).rejected).toBeNull();
    const res = await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(new TextEncoder().encode(body).length).toBeLessThan(2_000_000);
    const msg = JSON.parse(body) as MessageDetail;
    expect(msg.text?.startsWith("A line of a long newsletter")).toBe(true);
    expect(json(msg.text)).toBeLessThanOrEqual(LIMIT);
    expect(json(msg.text)).toBeGreaterThan(LIMIT - 100);
    expect(json(msg.html)).toBeLessThanOrEqual(LIMIT);
    expect(msg.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^text body clipped/), expect.stringMatching(/^html body clipped/)]),
    );
    const back = new Uint8Array(await (await api(`/api/v1/mailboxes/${address}/messages/1/raw`, auth(token))).arrayBuffer());
    expect(await sha256Hex(back)).toBe(await sha256Hex(new TextEncoder().encode(raw)));
  });

  it("clips by what a body takes as JSON (a control character escapes to six bytes), never inside a character", async () => {
    const { address, token } = await claim();
    const controls = `start\r\n${"\u0001".repeat(200_000)}\r\nend\r\n`; // 1.2 MB as JSON from 0.2 MB
    const emoji = "😀".repeat(300_000); // 1.2 MB of pairs
    for (const [n, body] of [controls, emoji].entries()) {
      const raw = `From: a@example.com\r\nTo: ${address}\r\nSubject: s${n}\r\nMessage-ID: <c-${crypto.randomUUID()}@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;
      expect((await deliver(address, raw)).rejected).toBeNull();
      const msg = await (await api(`/api/v1/mailboxes/${address}/messages/${n + 1}`, auth(token))).json<MessageDetail>();
      expect(json(msg.text)).toBeLessThanOrEqual(LIMIT);
      expect(json(msg.text)).toBeGreaterThan(LIMIT - 16); // clipped no more than it must be
      expect(msg.warnings.some((w) => w.startsWith("text body clipped"))).toBe(true);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(msg.text ?? "")).toBe(false); // no half of a pair
    }
    // A body that fits is kept as it is, with no warning.
    const small = `From: a@example.com\r\nTo: ${address}\r\nSubject: small\r\nMessage-ID: <s-${crypto.randomUUID()}@example.com>\r\n\r\nshort\r\n`;
    expect((await deliver(address, small)).rejected).toBeNull();
    const fit = await (await api(`/api/v1/mailboxes/${address}/messages/3`, auth(token))).json<MessageDetail>();
    expect(fit.warnings).toEqual([]);
  });

  it("takes MAX_SHOWN_BODY_BYTES from 1 KiB up to 768 KiB, and clips to it", () => {
    const shown = (v: string) => readConfig({ DOMAINS: "pigeonhole.test", MAX_SHOWN_BODY_BYTES: v }).maxShownBodyBytes;
    expect([shown("2048"), shown("99999999"), shown("1"), shown("")]).toEqual([2048, LIMIT, 1024, LIMIT]);
    const d = { text: "x".repeat(5000), html: "<p>fits</p>", warnings: ["kept"] } as unknown as Delivery;
    const fitted = fitBodies(d, 2048);
    expect([fitted.text?.length, fitted.html]).toEqual([2046, "<p>fits</p>"]);
    expect(fitted.warnings).toEqual(["kept", "text body clipped to 2048 bytes to be shown; the raw message keeps all of it"]);
  });
});
