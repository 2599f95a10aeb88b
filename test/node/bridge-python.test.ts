// The IMAP bridge with Python's imaplib (the system python3), through a small
// script (test/bridge-clients/imaplib_session.py) whose findings are checked
// here against the v1 API: section numbers, partial ranges, HEADER.FIELDS,
// BODY[] marking read, UID EXPUNGE, and a refused wrong password.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pigeonhole } from "../../client/sdk/index.ts";
import { type Bridge, startBridge } from "./bridge";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

const run = promisify(execFile);
const SCRIPTS = resolve(import.meta.dirname, "../bridge-clients");
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

const b64 = (s: string) => Buffer.from(s, "base64");

function multipart(to: string): string {
  return [
    "From: Ann Sender <ann@example.com>",
    `To: ${to}`,
    "Subject: =?utf-8?q?Caf=C3=A9?= report",
    "Message-ID: <multi@example.com>",
    "Date: Tue, 1 Dec 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="zz"',
    "",
    "--zz",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "See the file.",
    "--zz",
    'Content-Type: application/pdf; name="r.pdf"',
    "Content-Disposition: attachment; filename=r.pdf",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("%PDF-1.4 not really").toString("base64"),
    "--zz--",
    "",
  ].join("\r\n");
}

const simple = (to: string, subject: string, from: string) =>
  `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, "")}@example.com>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\nHello\r\n`;

describe("IMAP bridge with Python's imaplib", () => {
  it("fetches sections and ranges byte for byte, marks read on BODY[], expunges by UID", async () => {
    const { client: api, address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    await deliverHttp(svc.url, "ann@example.com", address, multipart(address));
    await deliverHttp(svc.url, "bob@example.com", address, simple(address, "From Bob", "Bob <bob@example.org>"));
    await deliverHttp(svc.url, "ann@example.com", address, simple(address, "Third", "Ann <ann@example.com>"));
    const { stdout } = await run(
      "python3",
      [resolve(SCRIPTS, "imaplib_session.py"), "127.0.0.1", String(bridge.imapPort), address, PASSWORD],
      {
        timeout: 60_000,
      },
    );
    const got = JSON.parse(stdout);
    const raw = Buffer.from(await api.raw(1));
    const text = raw.toString("latin1");

    expect(got.wrongPassword).toContain("AUTHENTICATIONFAILED");
    expect(got.capabilities).toEqual(expect.arrayContaining(["IMAP4REV1", "IDLE", "UIDPLUS", "AUTH=PLAIN"]));
    expect(got.list).toEqual(['(\\HasNoChildren) "/" INBOX', '(\\HasNoChildren \\Sent) "/" Sent']);
    expect(got.exists).toBe(3);
    expect(got.searchAll).toBe("1 2 3");
    expect(got.searchFrom).toBe("2");
    expect(got.searchUnseenRange).toBe("2 3");

    expect(b64(got.whole.body).equals(raw)).toBe(true);
    expect(got.whole.head).toMatch(new RegExp(`RFC822\\.SIZE ${raw.length}\\b`));
    expect(got.whole.head).toMatch(/INTERNALDATE "\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2} \+0000"/);
    expect(b64(got.partial).equals(raw.subarray(10, 40))).toBe(true);
    expect(b64(got.fields).toString("latin1")).toBe("From: Ann Sender <ann@example.com>\r\nSubject: =?utf-8?q?Caf=C3=A9?= report\r\n\r\n");
    expect(b64(got.part1).toString("latin1")).toBe("See the file.");
    expect(b64(got.part2mime).toString("latin1")).toBe(
      'Content-Type: application/pdf; name="r.pdf"\r\nContent-Disposition: attachment; filename=r.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n',
    );
    const part2 = b64(got.part2).toString("latin1");
    expect(text.includes(`\r\n\r\n${part2}\r\n--zz--`)).toBe(true);
    expect(Buffer.from(part2, "base64").toString()).toBe("%PDF-1.4 not really");
    expect(got.structure).toContain('("TEXT" "PLAIN" ("charset" "utf-8") NIL NIL "7BIT" 13 1');
    expect(got.structure).toContain('("APPLICATION" "PDF" ("name" "r.pdf") NIL NIL "BASE64"');
    expect(got.structure).toContain('"MIXED" ("boundary" "zz")');
    expect(got.structure).toContain(
      'ENVELOPE ("Tue, 1 Dec 2026 10:00:00 +0000" "=?utf-8?q?Caf=C3=A9?= report" (("Ann Sender" NIL "ann" "example.com"))',
    );

    expect(got.readHead).toMatch(/FLAGS \(\\Seen\)/);
    expect(got.afterRead).toContain("\\Seen");
    expect((await api.get(2)).seen).toBe(true);
    expect(got.uidExpunge[0]).toBe("OK");
    expect(got.afterExpunge).toBe("1 2");
    await expect(api.get(3)).rejects.toMatchObject({ status: 404 });
  });
});
