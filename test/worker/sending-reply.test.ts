// Replies and forwards of a stored message: threading headers from the original, "Re: " once,
// the original quoted; a forward carries the original as a message/rfc822 part whose bytes are
// the stored raw, or quoted inline.
import { describe, expect, it } from "vitest";
import type { SendResponse } from "../../src/contract/wire";
import { claim, deliver } from "./helpers";
import { bothParsers, bytesOf, outside, relayedUntil, send, storedRaw } from "./relay";

function inbound(to: string, from: string, subject: string, extra = ""): string {
  return (
    `From: Original Sender <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\n` +
    `Message-ID: <orig-${crypto.randomUUID()}@example.net>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n${extra}` +
    "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n" +
    "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFirst line.\r\n> already quoted\r\n" +
    "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>First <i>line</i>.</p>\r\n--b--\r\n"
  );
}

async function sendOk(address: string, token: string, body: Record<string, unknown>): Promise<SendResponse> {
  const res = await send(address, token, body);
  expect(res.status, await res.clone().text()).toBe(202);
  return res.json();
}

describe("reply and forward", () => {
  it("answers a stored message: In-Reply-To and References from it, Re: once, the original quoted, To defaulting to its sender", async () => {
    const { address, token } = await claim();
    const sender = outside("sender");
    const raw = inbound(address, sender, "Your order", "References: <a@example.net> <b@example.net>\r\nIn-Reply-To: <b@example.net>\r\n");
    await deliver(address, raw, sender);
    const originalId = (await bothParsers(await storedRaw(address, token, 1)))[0].messageId!;
    const queued = await sendOk(address, token, { replyTo: 1, text: "Thanks!" });
    const got = (await relayedUntil(sender, (r) => r.messages.length === 1)).messages[0];
    expect(bytesOf(got)).toEqual(await storedRaw(address, token, queued.id));
    for (const mail of await bothParsers(bytesOf(got))) {
      expect(mail.to.map((a) => a.address)).toEqual([sender]);
      expect(mail.subject).toBe("Re: Your order");
      expect(mail.inReplyTo).toBe(originalId);
      expect(mail.references?.split(/\s+/)).toEqual(["<a@example.net>", "<b@example.net>", originalId]);
      expect(mail.text).toMatch(
        /^Thanks!\n\nOn Wed, 25 Nov 2026 10:00 UTC, Original Sender <.*> wrote:\n> First line\.\n>> already quoted\n$/,
      );
      expect(mail.html).toContain("<blockquote");
      expect(mail.html).toContain("<p>First <i>line</i>.</p>");
    }

    // Answering a reply keeps one "Re:" and grows the chain.
    const rcpt = outside("again");
    await deliver(address, inbound(address, rcpt, "RE: Your order"), rcpt);
    await sendOk(address, token, { replyTo: 3, to: [rcpt], text: "Again" });
    const again = (await relayedUntil(rcpt, (r) => r.messages.length === 1)).messages[0];
    for (const mail of await bothParsers(bytesOf(again))) expect(mail.subject).toBe("RE: Your order");
  });

  it("forwards a stored message as a message/rfc822 part byte-identical to the stored raw, or inline", async () => {
    const { address, token } = await claim();
    await deliver(address, inbound(address, "shop@example.net", "Invoice 42"), "shop@example.net");
    const original = await storedRaw(address, token, 1);
    const rcpt = outside("fwd");
    await sendOk(address, token, { forward: 1, to: [rcpt], text: "See below." });
    const got = (await relayedUntil(rcpt, (r) => r.messages.length === 1)).messages[0];
    for (const mail of await bothParsers(bytesOf(got))) {
      expect(mail.subject).toBe("Fwd: Invoice 42");
      expect(mail.text).toBe("See below.");
      const part = mail.attachments.find((a) => a.contentType === "message/rfc822");
      expect(part, mail.parser).toBeDefined();
      expect(part!.content).toEqual(original);
    }

    const inline = outside("inline");
    await sendOk(address, token, { forward: 1, forwardAs: "inline", to: [inline], subject: "fyi" });
    const quoted = (await relayedUntil(inline, (r) => r.messages.length === 1)).messages[0];
    for (const mail of await bothParsers(bytesOf(quoted))) {
      expect(mail.subject).toBe("Fwd: fyi");
      expect(mail.text).toContain(
        "---------- Forwarded message ----------\nFrom: Original Sender <shop@example.net>\nDate: Wed, 25 Nov 2026 10:00 UTC\n",
      );
      expect(mail.text).toContain("Subject: Invoice 42");
      expect(mail.text).toContain("First line.");
      expect(mail.attachments).toEqual([]);
    }
  });

  it("refuses to answer or forward a message that is not in this mailbox (404), and both at once (400)", async () => {
    const { address, token } = await claim();
    expect((await send(address, token, { replyTo: 9, text: "x" })).status).toBe(404);
    expect((await send(address, token, { forward: 9, to: [outside()] })).status).toBe(404);
    expect((await send(address, token, { forward: 1, replyTo: 1, to: [outside()] })).status).toBe(400);
  });
});
