// IMAP SEARCH keys a client uses to find a mail it knows by its header: HEADER
// (Message-ID, any field), the Date header's day (SENTSINCE, SENTON, SENTBEFORE), BCC.
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

function mail(to: string, id: string, date: string, extra = ""): string {
  return `From: a@example.com\r\nTo: ${to}\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.com>\r\nDate: ${date}\r\n${extra}\r\nbody\r\n`;
}

/** The numbers an untagged SEARCH answered with. */
const hits = (answer: string) => (/\* SEARCH([\d ]*)\r\n/.exec(answer)?.[1] ?? "").trim();

describe("IMAP SEARCH by header", () => {
  it("finds mail by HEADER, by the Date header's day, and answers BCC with nothing", async () => {
    const { address } = await Pigeonhole.createAddress(svc.url, { password: PASSWORD });
    const sent = [
      mail(address, "first", "Mon, 02 Jan 2023 10:00:00 +0000", "X-Campaign: spring sale\r\n"),
      mail(address, "second", "Wed, 01 Mar 2023 10:00:00 +0000"),
      mail(address, "third", "Fri, 01 Sep 2023 23:30:00 -0200"), // the 1st as written, the 2nd in UTC: the 1st counts
    ];
    for (const raw of sent) expect((await deliverHttp(svc.url, "a@example.com", address, raw)).status).toBe(200);
    const wire = await openWire(bridge.imapPort);
    expect(await command(wire, "L", `LOGIN "${address}" "${PASSWORD}"`)).toMatch(/L OK/);
    expect(await command(wire, "S", "SELECT INBOX")).toMatch(/S OK/);
    const search = async (tag: string, keys: string) => {
      const from = wire.text.length;
      expect(await command(wire, tag, `SEARCH ${keys}`)).toMatch(new RegExp(`${tag} OK`));
      return hits(wire.text.slice(from));
    };
    expect(await search("H1", "HEADER Message-ID <second@example.com>")).toBe("2");
    expect(await search("H2", 'HEADER X-Campaign "sale"')).toBe("1");
    expect(await search("H3", 'HEADER X-Campaign ""')).toBe("1");
    expect(await search("H4", "HEADER Message-ID nowhere")).toBe("");
    expect(await search("D1", "SENTSINCE 1-Mar-2023")).toBe("2 3");
    expect(await search("D2", "SENTBEFORE 1-Mar-2023")).toBe("1");
    expect(await search("D3", "SENTON 1-Sep-2023")).toBe("3");
    expect(await search("D4", "SENTON 2-Sep-2023")).toBe("");
    expect(await search("B1", "BCC someone")).toBe("");
    expect(await search("B2", "NOT BCC someone")).toBe("1 2 3");
    wire.close();
  });
});
