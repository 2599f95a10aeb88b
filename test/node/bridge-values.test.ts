// IMAP responses as the bridge writes them: every item of a FETCH is set apart
// by one space, whatever it is (an empty flag list and an empty literal included).
import { describe, expect, it } from "vitest";
import { atom, type ImapValue, literal, untagged } from "../../bridge/imap/values";

const section = (name: string): ImapValue => ({ type: "ATOM", value: "BODY", section: [atom(name)] });

const line = (v: Parameters<typeof untagged>[0]) => untagged(v).toString("latin1");

describe("untagged responses", () => {
  it("puts a space after an empty flag list", () => {
    expect(line([1, atom("FETCH"), [atom("FLAGS"), [], atom("UID"), 1]])).toBe("* 1 FETCH (FLAGS () UID 1)\r\n");
    expect(line([1, atom("FETCH"), [atom("UID"), 1, atom("FLAGS"), []]])).toBe("* 1 FETCH (UID 1 FLAGS ())\r\n");
  });

  it("writes an empty part as an empty string, with the next item after a space", () => {
    const empty = literal(new Uint8Array(0));
    expect(line([1, atom("FETCH"), [section("TEXT"), empty, atom("UID"), 7]])).toBe('* 1 FETCH (BODY[TEXT] "" UID 7)\r\n');
  });

  it("still writes a literal with its length, and the item after it", () => {
    const part = literal(new TextEncoder().encode("Subject: hi\r\n"));
    expect(line([2, atom("FETCH"), [section("HEADER"), part, atom("UID"), 9]])).toBe(
      "* 2 FETCH (BODY[HEADER] {13}\r\nSubject: hi\r\n UID 9)\r\n",
    );
  });
});
