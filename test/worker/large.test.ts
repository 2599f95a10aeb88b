// Large mail: ~20 MB round-trips byte-identical (raw and attachment).
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/bytes";
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
