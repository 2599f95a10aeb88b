// Sending from an address: what the relay receives is the stored sent message, byte for byte,
// and both parsers read back exactly what was asked (headers, bodies, attachments); Bcc gets
// its copy but is never in the headers; the sent folder and the socket follow its status.
import { describe, expect, it } from "vitest";
import type { MessageList, OutboxReport, SendResponse, ServerFrame } from "../../src/contract/wire";
import { api, auth, claim, messageFrames, openSocket } from "./helpers";
import { base64, bothParsers, bytesOf, outside, relayedUntil, send, storedRaw } from "./relay";

describe("POST /send", () => {
  it("sends one transport message per recipient, byte-identical to the stored copy, read back as asked by both parsers", async () => {
    const { address, token } = await claim();
    const sock = await openSocket(address, token, 0);
    const [to, cc, bcc] = [outside("to"), outside("cc"), outside("bcc")];
    const blob = crypto.getRandomValues(new Uint8Array(3000));
    const request = {
      to: [to],
      cc: [cc],
      bcc: [bcc],
      fromName: "Zoë Pigeon",
      subject: "Grüße — a subject long enough to need folding into more than one encoded word, 你好 and more",
      text: "Hello there,\n.a line starting with a dot\n\nÜnïcode text.\n",
      html: "<p>Hello <b>there</b> — ünïcode</p>",
      attachments: [
        { filename: "report ü.bin", contentType: "application/octet-stream", content: base64(blob) },
        { filename: "notes.txt", contentType: "text/plain", content: base64(new TextEncoder().encode("plain notes\n")) },
      ],
    };
    const res = await send(address, token, request);
    expect(res.status).toBe(202);
    const queued = await res.json<SendResponse>();
    expect(queued.status).toBe("queued");
    expect(queued.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}@${address.split("@")[1].replace(".", "\\.")}>$`));

    const stored = await storedRaw(address, token, queued.id);
    const head = new TextDecoder().decode(stored).split("\r\n\r\n")[0];
    expect(head).not.toMatch(/^bcc:/im);
    expect(head.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    for (const rcpt of [to, cc, bcc]) {
      const got = (await relayedUntil(rcpt, (r) => r.messages.length === 1)).messages[0];
      expect(got.to).toEqual([rcpt]);
      expect(got.from).toBe(address);
      expect(got.user).toBe("PLAIN:relay-user");
      // The relay undoes the dot-stuffing: what it holds is what we stored.
      expect(bytesOf(got)).toEqual(stored);
    }
    for (const mail of await bothParsers(stored)) {
      expect(mail.from).toEqual({ name: "Zoë Pigeon", address });
      expect(mail.to.map((a) => a.address)).toEqual([to]);
      expect(mail.cc.map((a) => a.address)).toEqual([cc]);
      expect(mail.bcc).toEqual([]);
      expect(mail.subject).toBe(request.subject);
      expect(mail.messageId).toBe(queued.messageId);
      expect(mail.text).toBe(request.text);
      expect(mail.html).toBe(request.html);
      expect(mail.date).not.toBeNull();
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ["report ü.bin", "application/octet-stream"],
        ["notes.txt", "text/plain"],
      ]);
      expect(mail.attachments[0].content).toEqual(blob);
      expect(new TextDecoder().decode(mail.attachments[1].content)).toBe("plain notes\n");
    }

    await sock.until((f) => f.some((x) => typeof x !== "string" && x.type === "status" && x.status === "sent"));
    const sent = messageFrames(sock.frames).find((f) => f.message.id === queued.id)!.message;
    expect(sent).toMatchObject({ folder: "sent", status: "queued", statusReason: null, codes: [] });
    const statusFrames = sock.frames.filter(
      (f): f is Extract<ServerFrame, { type: "status" }> => typeof f !== "string" && f.type === "status",
    );
    expect(statusFrames).toEqual([{ type: "status", id: queued.id, status: "sent", statusReason: null }]);
    sock.close();

    const inbox = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(inbox.messages).toEqual([]);
    const sentList = await (await api(`/api/v1/mailboxes/${address}/messages?folder=sent`, auth(token))).json<MessageList>();
    expect(sentList.messages.map((m) => [m.id, m.folder, m.status, m.subject])).toEqual([[queued.id, "sent", "sent", request.subject]]);
    const outbox = await (await api(`/api/v1/mailboxes/${address}/outbox`, auth(token))).json<OutboxReport>();
    const rows = outbox.entries.filter((e) => e.target.kind === "mail");
    expect(rows.map((e) => [e.target.id, e.state]).sort()).toEqual([bcc, cc, to].sort().map((r) => [r, "sent"]));
    for (const row of rows) expect(row.receipt).toMatch(/^250 .*queued as relay-\d+/);
  });
});
