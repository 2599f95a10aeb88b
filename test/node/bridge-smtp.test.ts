// SMTP submission through the bridge, with nodemailer and Python's smtplib:
// the mail goes through the service's raw send path to a real SMTP relay (the
// transport), lands in the Sent folder (seen over the v1 API and over IMAP),
// keeps Bcc out of its header, and the bridge refuses wrong passwords, a
// foreign sender, a mail over the size it announces and recipients past its limit. A client's copy of a
// mail it sent, appended to Sent, is matched to the one there, not stored twice.
import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { ImapFlow } from "imapflow";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MessageSummary, Pigeonhole } from "../../client/sdk/index.ts";
import { RELAY_PASS, RELAY_USER } from "../fake-relay/credentials";
import { type RelayedMessage, startRelay } from "../fake-relay/server";
import { type Bridge, startBridge } from "./bridge";
import { command, openWire } from "./imap-wire";
import { type Service, startService } from "./service";

const PASSWORD = "correct horse battery";
let svc: Service;
let bridge: Bridge;
let relay: ReturnType<typeof startRelay>;
const relayed: RelayedMessage[] = [];

beforeAll(async () => {
  relay = startRelay({ onMessage: (m) => relayed.push(m) });
  await new Promise<void>((r) => relay.smtp.listen(0, "127.0.0.1", r));
  const port = (relay.smtp.server.address() as AddressInfo).port;
  svc = await startService({
    // Three sockets per mailbox: the live-feed limit test below fills it with three IMAP sessions.
    vars: {
      SEND_TRANSPORT: "smtp",
      SMTP_URL: `smtp://${RELAY_USER}:${RELAY_PASS}@127.0.0.1:${port}`,
      SEND_DAILY_QUOTA: "50",
      SOCKETS_PER_MAILBOX: "3",
    },
  });
  bridge = await startBridge(svc.url, ["--max-message-bytes", "200000"]);
});
afterAll(async () => {
  await bridge?.stop();
  await svc?.stop();
  await new Promise<void>((r) => relay?.smtp.close(() => r()));
});

async function sentFolder(api: Pigeonhole, count: number): Promise<MessageSummary[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = await api.list({ folder: "sent" });
    if (list.messages.length >= count && list.messages.every((m) => m.status === "sent")) return list.messages;
    if (Date.now() > deadline) throw new Error(`sent folder: ${JSON.stringify(list.messages.map((m) => m.status))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const relayedTo = (rcpt: string) => relayed.filter((m) => m.to.includes(rcpt));

describe("SMTP submission through the bridge", () => {
  it("nodemailer: sends through the raw send path to the transport, Bcc only in the envelope, the copy in Sent over IMAP", async () => {
    const { client: api, address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const transport = createTransport({
      host: "127.0.0.1",
      port: bridge.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: address, pass: PASSWORD },
    });
    const tag = `${address.split("@")[0]}+news@${address.split("@")[1]}`;
    const info = await transport.sendMail({
      from: `Me <${tag}>`,
      to: "first@example.net",
      cc: "second@example.net",
      bcc: "hidden@example.net",
      subject: "Über the bridge",
      text: "Sent by a mail client.",
      attachments: [{ filename: "a.bin", content: Buffer.from([0, 1, 2, 250, 255]) }],
    });
    expect(info.accepted.sort()).toEqual(["first@example.net", "hidden@example.net", "second@example.net"]);
    expect(info.response).toMatch(/^250 .*Queued as \d+/);
    const [sent] = await sentFolder(api, 1);
    expect(sent.subject).toBe("Über the bridge");
    const stored = Buffer.from(await api.raw(sent.id));
    expect(stored.toString("latin1")).not.toMatch(/^bcc:/im);
    for (const rcpt of ["first@example.net", "second@example.net", "hidden@example.net"]) {
      const copies = relayedTo(rcpt).filter((m) => Buffer.from(m.raw, "base64").toString("latin1").includes("Sent by a mail client."));
      expect(copies, rcpt).toHaveLength(1);
      expect(Buffer.from(copies[0].raw, "base64").toString("latin1")).not.toMatch(/^bcc:/im);
      expect(copies[0].from).toBe(tag.toLowerCase());
    }
    // The same mail in the Sent folder over IMAP (\Sent special-use), byte for byte.
    const imap = new ImapFlow({
      host: "127.0.0.1",
      port: bridge.imapPort,
      secure: false,
      auth: { user: address, pass: PASSWORD },
      logger: false,
    });
    await imap.connect();
    const folders = await imap.list();
    expect(folders.find((f) => f.path === "Sent")?.specialUse).toBe("\\Sent");
    await imap.mailboxOpen("Sent");
    const viaImap = await imap.fetchOne(String(sent.id), { source: true, uid: true }, { uid: true });
    if (!viaImap) throw new Error("Sent folder has no such uid");
    expect(viaImap.source?.equals(stored)).toBe(true);
    await imap.mailboxOpen("INBOX");
    expect(await imap.search({ all: true })).toEqual([]);
    await imap.logout();
  });

  it("nodemailer: refuses a wrong password, a sender that is not the address, and a mail over the announced size", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const wrong = createTransport({
      host: "127.0.0.1",
      port: bridge.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: address, pass: "nope nope" },
    });
    await expect(wrong.verify()).rejects.toMatchObject({ responseCode: 535 });
    const right = createTransport({
      host: "127.0.0.1",
      port: bridge.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: address, pass: PASSWORD },
    });
    await expect(right.sendMail({ from: "someone@example.com", to: "x@example.net", text: "hi" })).rejects.toMatchObject({
      responseCode: 553,
    });
    await expect(right.sendMail({ from: address, to: "x@example.net", text: "x".repeat(300_000) })).rejects.toMatchObject({
      responseCode: 552,
    });
    // Past the recipient limit each extra RCPT is refused with 452 (the client may send those later); the rest go.
    const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.net`);
    const info = await right.sendMail({ from: address, to: many, text: "to many" });
    expect(info.accepted).toHaveLength(50);
    expect(info.rejected).toEqual([many[50]]);
    expect(info.rejectedErrors?.[0]).toMatchObject({ responseCode: 452 });
  });

  it("smtplib: announces SIZE, refuses a wrong password and a foreign sender, sends what it is given", async () => {
    const { client: api, address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const mail = `From: ${address}\r\nTo: py@example.net\r\nSubject: From Python\r\n\r\nHello from smtplib.\r\n`;
    const child = execFile(
      "python3",
      [
        resolve(import.meta.dirname, "../bridge-clients/smtplib_submit.py"),
        "127.0.0.1",
        String(bridge.smtpPort),
        address,
        PASSWORD,
        address,
        "py@example.net",
      ],
      {
        timeout: 60_000,
      },
    );
    child.stdin?.end(mail);
    const stdout = await new Promise<string>((res, rej) => {
      let out = "";
      child.stdout?.on("data", (d) => (out += d));
      child.once("exit", (code) => (code === 0 ? res(out) : rej(new Error(`smtplib exited ${code}`))));
    });
    const got = JSON.parse(stdout);
    expect(got.maxSize).toBe("200000");
    // Addresses are ASCII here: SMTPUTF8 is not promised.
    expect(got.ehlo.join("\n")).not.toMatch(/SMTPUTF8/);
    expect(got.wrongPassword).toBe(535);
    expect(got.foreignSender).toBe(553);
    expect(got.refused).toEqual({});
    const [sent] = await sentFolder(api, 1);
    expect(sent.subject).toBe("From Python");
    expect(relayedTo("py@example.net").some((m) => Buffer.from(m.raw, "base64").toString().includes("Hello from smtplib."))).toBe(true);
  });

  it("imaplib after smtplib: the client's 150 kB copy appended to Sent is the sent mail's UID, stored once; other appends refused", async () => {
    const { client: api, address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    // 150 kB: more than any other command's literal may carry (64 KiB), less than a submission's 200 kB
    const body = `${"x".repeat(998)}\r\n`.repeat(150);
    const mail = `From: ${address}\r\nTo: py@example.net\r\nSubject: Kept once\r\nMessage-ID: <kept-once.${Date.now()}@example.com>\r\n\r\nHello.\r\n${body}`;
    const child = execFile(
      "python3",
      [
        resolve(import.meta.dirname, "../bridge-clients/imaplib_append.py"),
        "127.0.0.1",
        String(bridge.imapPort),
        String(bridge.smtpPort),
        address,
        PASSWORD,
      ],
      { timeout: 60_000 },
    );
    child.stdin?.end(mail);
    const stdout = await new Promise<string>((res, rej) => {
      let out = "";
      child.stdout?.on("data", (d) => (out += d));
      child.stderr?.on("data", (d) => process.stderr.write(d));
      child.once("exit", (code) => (code === 0 ? res(out) : rej(new Error(`imaplib_append exited ${code}`))));
    });
    const got = JSON.parse(stdout);
    const [sent] = await sentFolder(api, 1);
    const meta = await api.meta();
    const uidValidity = Math.floor(Date.parse(meta.createdAt) / 1000);
    expect(got.refused).toEqual({});
    expect(got.copy).toEqual(["OK", expect.stringContaining(`[APPENDUID ${uidValidity} ${sent.id}]`)]);
    expect(got.again).toEqual(["OK", expect.stringContaining(`[APPENDUID ${uidValidity} ${sent.id}]`)]);
    expect(got.toInbox).toEqual(["NO", expect.stringContaining("[CANNOT]")]);
    expect(got.neverSent).toEqual(["NO", expect.stringContaining("[CANNOT]")]);
    expect(got.noMessageId).toEqual(["NO", expect.stringContaining("no Message-ID")]);
    expect(got.noFolder).toEqual(["NO", expect.stringContaining("[NONEXISTENT]")]);
    // stored once: Sent holds the one mail, and the mailbox nothing else
    expect(got.sentExists).toBe(1);
    expect(got.sentUids).toBe(String(sent.id));
    expect((await api.meta()).count).toBe(1);
    // The copy came with \Seen (RFC 3501 §6.3.11: APPEND's flags go on the mail): Sent shows it read.
    expect((await api.get(sent.id)).seen).toBe(true);
  });

  it("a SELECT past the mailbox's live-feed limit is refused in seconds, saying why", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const wires = [];
    for (let i = 0; i < 3; i++) {
      const wire = await openWire(bridge.imapPort);
      expect(await command(wire, `L${i}`, `LOGIN "${address}" "${PASSWORD}"`)).toMatch(/OK/);
      expect(await command(wire, `S${i}`, "SELECT INBOX")).toMatch(/OK/);
      wires.push(wire);
    }
    const extra = await openWire(bridge.imapPort);
    expect(await command(extra, "L", `LOGIN "${address}" "${PASSWORD}"`)).toMatch(/OK/);
    const t0 = Date.now();
    expect(await command(extra, "S", "SELECT INBOX", 20_000)).toMatch(/S NO \[UNAVAILABLE\] The mailbox refused another live connection/);
    expect(Date.now() - t0).toBeLessThan(10_000); // the feed's own wait is 15 s
    for (const w of [...wires, extra]) w.close();
  });
});
