// The IMAP bridge under bad input: wrong passwords throttled by the API's own
// login throttle, malformed commands, literals over the limit, a line that
// never ends, a client hanging up mid-FETCH, too many sessions, and TLS (IMAP and SMTP).
// Other sessions keep being served and the process never dies.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pigeonhole } from "../../client/sdk/index.ts";
import { type Bridge, startBridge } from "./bridge";
import { command, openWire } from "./imap-wire";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

const PASSWORD = "correct horse battery";
let svc: Service;
let bridge: Bridge;
beforeAll(async () => {
  svc = await sharedService();
  bridge = await startBridge(svc.url);
});
afterAll(async () => {
  await bridge?.stop();
});

const alive = (b: Bridge) => {
  process.kill(b.pid, 0); // throws when the process is gone
  return true;
};

async function loggedIn(address: string) {
  const wire = await openWire(bridge.imapPort);
  expect(await command(wire, "L1", `LOGIN "${address}" "${PASSWORD}"`)).toMatch(/L1 OK/);
  return wire;
}

describe("IMAP bridge under bad input", () => {
  it("refuses wrong passwords, and the API's throttle holds for IMAP and HTTP alike", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const wire = await openWire(bridge.imapPort);
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) answers.push(await command(wire, `W${i}`, `LOGIN "${address}" "wrong ${i}"`));
    expect(answers.slice(0, 5).every((a) => /NO \[AUTHENTICATIONFAILED\]/.test(a))).toBe(true);
    // Past LOGIN_SLOW_AFTER (5) the mailbox makes guessers wait, and says so; the right password waits too.
    expect(answers[6]).toMatch(/NO \[UNAVAILABLE\] Too many wrong passwords/);
    expect(await command(wire, "R1", `LOGIN "${address}" "${PASSWORD}"`)).toMatch(/R1 NO \[UNAVAILABLE\]/);
    const api = await fetch(`${svc.url}/api/v1/tokens`, { method: "POST", body: JSON.stringify({ address, password: PASSWORD }) });
    expect(api.status).toBe(429);
    wire.close();
  });

  it("answers malformed commands with BAD and keeps the session", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const wire = await loggedIn(address);
    expect(await command(wire, "M1", "FETCH ((((")).toMatch(/M1 BAD/);
    expect(await command(wire, "M2", "FETCH 1 (BODY[")).toMatch(/M2 BAD/);
    expect(await command(wire, "M3", "FROBNICATE")).toMatch(/M3 BAD/);
    expect(await command(wire, "M4", "SELECT INBOX")).toMatch(/M4 OK \[READ-WRITE\]/);
    expect(await command(wire, "M5", "FETCH 1:x FLAGS")).toMatch(/M5 BAD/);
    expect(await command(wire, "M6", "UID SEARCH WHENEVER")).toMatch(/M6 BAD/);
    expect(await command(wire, "M7", "SEARCH CHARSET KOI8-R ALL")).toMatch(/M7 NO \[BADCHARSET/);
    expect(await command(wire, "M8", "STORE 1 +FLAGZ (\\Seen)")).toMatch(/M8 BAD/);
    expect(await command(wire, "M9", "FETCH 1 BODY[9.HEADER.FOO]")).toMatch(/M9 BAD/);
    const from = wire.text.length;
    wire.send("\x00\xff\r\n");
    await wire.until(/BAD/, 5000, from);
    expect(await command(wire, "N1", "NOOP")).toMatch(/N1 OK/);
    wire.close();
  });

  it("AUTHENTICATE PLAIN refuses to act as another identity; a part that is not there leaves the mail unread", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const other = (await Pigeonhole.createAddress(svc.url)).address;
    const plain = (authz: string) => Buffer.from(`${authz}\0${address}\0${PASSWORD}`).toString("base64");
    const wire = await openWire(bridge.imapPort);
    expect(await command(wire, "A1", `AUTHENTICATE PLAIN ${plain(other)}`)).toMatch(/A1 NO \[AUTHORIZATIONFAILED\]/);
    expect(await command(wire, "A2", `AUTHENTICATE PLAIN ${plain(address.toUpperCase())}`)).toMatch(/A2 OK/);
    const raw = `From: a@example.com\r\nTo: ${address}\r\nSubject: parts\r\nMessage-ID: <${crypto.randomUUID()}@example.com>\r\n\r\nbody\r\n`;
    expect((await deliverHttp(svc.url, "a@example.com", address, raw)).status).toBe(200);
    expect(await command(wire, "S1", "SELECT INBOX")).toMatch(/S1 OK/);
    const from = wire.text.length;
    expect(await command(wire, "F1", "FETCH 1 BODY[99.HEADER]")).toMatch(/F1 OK/);
    expect(wire.text.slice(from)).toMatch(/\* 1 FETCH \(BODY\[99\.HEADER\] NIL\)/);
    // Still unread, and the empty flag list is followed by a space before the next item.
    const next = wire.text.length;
    expect(await command(wire, "F2", "FETCH 1 (FLAGS UID)")).toMatch(/F2 OK/);
    expect(wire.text.slice(next)).toMatch(/\* 1 FETCH \(FLAGS \(\) UID 1\)/);
    wire.close();
  });

  it("answers an unknown mechanism with NO, reads wildcards inside a LIST word, and an empty pattern names the delimiter only", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const wire = await openWire(bridge.imapPort);
    // RFC 3501 §6.2.2: an unsupported mechanism is NO, a missing one BAD.
    expect(await command(wire, "C1", "AUTHENTICATE CRAM-MD5")).toMatch(/C1 NO /);
    expect(await command(wire, "C2", "AUTHENTICATE")).toMatch(/C2 BAD /);
    expect(await command(wire, "C3", `LOGIN "${address}" "${PASSWORD}"`)).toMatch(/C3 OK/);
    const listed = async (tag: string, args: string) => {
      const from = wire.text.length;
      expect(await command(wire, tag, `LIST ${args}`)).toMatch(new RegExp(`${tag} OK`));
      return wire.text.slice(from).match(/^\* LIST .*$/gm) ?? [];
    };
    expect(await listed("L1", '"" INBOX*')).toEqual(['* LIST (\\HasNoChildren) "/" INBOX']);
    expect(await listed("L2", '"" S%')).toEqual(['* LIST (\\HasNoChildren \\Sent) "/" Sent']);
    expect(await listed("L3", '"" %')).toHaveLength(2);
    expect(await listed("L4", 'INBOX ""')).toEqual(['* LIST (\\Noselect) "/" ""']);
    expect(await listed("L5", '"" Drafts*')).toEqual([]);
    wire.close();
  });

  it("refuses a literal over the limit without reading it, and hangs up on one it cannot refuse", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const wire = await loggedIn(address);
    const from = wire.text.length;
    wire.send("B1 SEARCH TEXT {1000000}\r\n");
    expect(await wire.until(/B1 BAD Literal too large/, 5000, from)).not.toContain("+ Ready");
    expect(await command(wire, "B2", "NOOP")).toMatch(/B2 OK/);
    // A non-synchronising literal is on its way whatever we answer: the session ends.
    wire.send("B3 SEARCH TEXT {1000000+}\r\n");
    await wire.until(/\* BYE Literal too large/, 5000);
    await wire.closed;
    // A line that never ends.
    const long = await openWire(bridge.imapPort);
    long.send(`X1 ${"a".repeat(400_000)}`);
    await long.until(/\* BYE Line too long/, 10_000);
    await long.closed;
    expect(alive(bridge)).toBe(true);
  });

  it("survives a client hanging up mid-FETCH while another session goes on", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const big = `From: a@example.com\r\nTo: ${address}\r\nSubject: big\r\nMessage-ID: <big@example.com>\r\n\r\n${"0123456789abcdef\r\n".repeat(300_000)}`;
    expect((await deliverHttp(svc.url, "a@example.com", address, big)).status).toBe(200);
    const other = new ImapFlow({
      host: "127.0.0.1",
      port: bridge.imapPort,
      secure: false,
      auth: { user: address, pass: PASSWORD },
      logger: false,
    });
    await other.connect();
    await other.mailboxOpen("INBOX");
    for (let round = 0; round < 3; round++) {
      const wire = await loggedIn(address);
      await command(wire, "S1", "SELECT INBOX");
      const from = wire.text.length;
      wire.send("F1 FETCH 1 BODY.PEEK[]\r\n");
      await wire.until(/\{\d+\}\r\n/, 10_000, from);
      wire.close();
    }
    const msg = await other.fetchOne("1", { size: true, source: true });
    if (!msg) throw new Error("the other session fetched nothing");
    expect(msg.size).toBe(Buffer.byteLength(big));
    expect(msg.source?.length).toBe(Buffer.byteLength(big));
    await other.logout();
    expect(alive(bridge)).toBe(true);
  });

  it("turns away sessions past --max-sessions and serves TLS (STARTTLS and implicit) with a certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bridge-tls-"));
    const [cert, key] = [join(dir, "cert.pem"), join(dir, "key.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", key, "-out", cert],
      {
        stdio: "ignore",
      },
    );
    const tlsBridge = await startBridge(svc.url, [
      "--max-sessions",
      "2",
      "--tls-cert",
      cert,
      "--tls-key",
      key,
      "--imaps-port",
      "0",
      "--smtps-port",
      "0",
    ]);
    try {
      const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
      const tls = { rejectUnauthorized: false };
      const starttls = new ImapFlow({
        host: "127.0.0.1",
        port: tlsBridge.imapPort,
        secure: false,
        auth: { user: address, pass: PASSWORD },
        logger: false,
        tls,
      });
      await starttls.connect();
      expect(starttls.secureConnection).toBe(true);
      const implicit = new ImapFlow({
        host: "127.0.0.1",
        port: tlsBridge.imapsPort!,
        secure: true,
        auth: { user: address, pass: PASSWORD },
        logger: false,
        tls,
      });
      await implicit.connect();
      expect((await implicit.list()).map((f) => f.path)).toEqual(["INBOX", "Sent"]);
      const third = await openWire(tlsBridge.imapPort).catch((e: Error) => e);
      const turnedAway = third instanceof Error ? third.message : third.text;
      expect(turnedAway).toMatch(/BYE Too many sessions/);
      // SMTP submission over STARTTLS and over implicit TLS, with the same certificate.
      const auth = { user: address, pass: PASSWORD };
      const smtpStarttls = createTransport({ host: "127.0.0.1", port: tlsBridge.smtpPort, secure: false, requireTLS: true, tls, auth });
      const smtpImplicit = createTransport({ host: "127.0.0.1", port: tlsBridge.smtpsPort!, secure: true, tls, auth });
      expect(await smtpStarttls.verify()).toBe(true);
      expect(await smtpImplicit.verify()).toBe(true);
      await starttls.logout();
      await implicit.logout();
    } finally {
      await tlsBridge.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
