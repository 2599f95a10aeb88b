// The bridge's own framing of IMAP commands (lines and literals, with their
// limits) and its loopback rule, without a server: the parts a client library
// would never exercise on purpose.
import { describe, expect, it } from "vitest";
import { isLoopback } from "../../bridge/account.ts";
import { CommandReader, type Framed } from "../../bridge/imap/command-reader.ts";

const limits = { maxLineBytes: 1000, maxLiteralBytes: 100, maxCommandBytes: 500, maxAppendBytes: 2000 };
const text = (items: Framed[]) =>
  items.map((i) =>
    i.kind === "command" ? `cmd:${Buffer.from(i.bytes).toString("latin1")}` : i.kind === "refused" ? `refused:${i.tag}` : i.kind,
  );

describe("IMAP command framing", () => {
  it("splits pipelined commands, and joins one that arrives a byte at a time", () => {
    const reader = new CommandReader(limits);
    expect(text(reader.push(Buffer.from("a1 NOOP\r\na2 CAPABILITY\r\na3 LOG")))).toEqual(["cmd:a1 NOOP", "cmd:a2 CAPABILITY"]);
    const out: Framed[] = [];
    for (const byte of Buffer.from("IN x y\r\n")) out.push(...reader.push(Buffer.from([byte])));
    expect(text(out)).toEqual(["cmd:a3 LOGIN x y"]);
  });

  it("asks for a synchronising literal, takes its bytes whole (CRLF inside included), then the rest of the line", () => {
    const reader = new CommandReader(limits);
    expect(text(reader.push(Buffer.from("b1 LOGIN {5}\r\n")))).toEqual(["continue"]);
    expect(text(reader.push(Buffer.from("a\r\nb\r {3+}\r\nxyz\r\n")))).toEqual(["cmd:b1 LOGIN {5}\r\na\r\nb\r {3+}\r\nxyz"]);
  });

  it("refuses a synchronising literal over the limit without reading it, and goes on", () => {
    const reader = new CommandReader(limits);
    expect(text(reader.push(Buffer.from("c1 SEARCH TEXT {101}\r\nc2 NOOP\r\n")))).toEqual(["refused:c1", "cmd:c2 NOOP"]);
  });

  it("gives up on a non-synchronising literal over the limit and an endless line; refuses a command past its total", () => {
    expect(text(new CommandReader(limits).push(Buffer.from("d1 SEARCH TEXT {101+}\r\n")))).toEqual(["fatal"]);
    expect(text(new CommandReader(limits).push(Buffer.alloc(1001, 0x61)))).toEqual(["fatal"]);
    const reader = new CommandReader(limits);
    const parts = [reader.push(Buffer.from("e1 X {90}\r\n")), reader.push(Buffer.alloc(90, 0x62))];
    for (let i = 0; i < 5; i++) parts.push(reader.push(Buffer.from(" {90}\r\n")), reader.push(Buffer.alloc(90, 0x62)));
    // literals count towards the command's total: the sixth is refused before it is sent
    expect(text(parts.flat()).filter((k) => k !== "continue")).toEqual(["refused:e1"]);
    const dead = new CommandReader(limits);
    dead.push(Buffer.from("g1 X {101+}\r\n"));
    // once given up, nothing more is framed
    expect(dead.push(Buffer.from("g2 NOOP\r\n"))).toEqual([]);
  });

  it("lets an APPEND carry a message up to its own limit, only once the client has signed in", () => {
    const before = new CommandReader(limits);
    expect(text(before.push(Buffer.from("h1 APPEND Sent {1500}\r\nh2 NOOP\r\n")))).toEqual(["refused:h1", "cmd:h2 NOOP"]);
    const signedIn = new CommandReader(limits);
    signedIn.appendAllowed = true;
    expect(text(signedIn.push(Buffer.from("h3 APPEND Sent (\\Seen) {1500}\r\n")))).toEqual(["continue"]);
    const framed = signedIn.push(Buffer.concat([Buffer.alloc(1500, 0x61), Buffer.from("\r\nh4 NOOP\r\n")]));
    // the message comes apart, an empty literal in its place, so the parser never reads it
    expect(text(framed)).toEqual(["cmd:h3 APPEND Sent (\\Seen) {0}\r\n", "cmd:h4 NOOP"]);
    expect(framed[0].kind === "command" && Buffer.from(framed[0].message ?? []).equals(Buffer.alloc(1500, 0x61))).toBe(true);
    // a folder name sent as a literal stays in the command; the literal after it is the message
    expect(text(signedIn.push(Buffer.from("h8 APPEND {4}\r\n")))).toEqual(["continue"]);
    expect(text(signedIn.push(Buffer.from("Sent {3}\r\n")))).toEqual(["continue"]);
    const named = signedIn.push(Buffer.from("abc\r\n"));
    expect(text(named)).toEqual(["cmd:h8 APPEND {4}\r\nSent {0}\r\n"]);
    expect(named[0].kind === "command" && Buffer.from(named[0].message ?? []).toString()).toBe("abc");
    // no other command's literal comes apart
    expect(signedIn.push(Buffer.from("h9 LOGIN {1+}\r\nx y\r\n")).map((f) => f.kind === "command" && f.message)).toEqual([undefined]);
    // over the APPEND limit, and any other command's literal, are refused as before
    expect(text(signedIn.push(Buffer.from("h5 APPEND Sent {2001}\r\nh6 SEARCH TEXT {101}\r\nh7 NOOP\r\n")))).toEqual([
      "refused:h5",
      "refused:h6",
      "cmd:h7 NOOP",
    ]);
  });

  it("takes bare LF line ends, as some clients send", () => {
    expect(text(new CommandReader(limits).push(Buffer.from("f1 NOOP\nf2 NOOP\n")))).toEqual(["cmd:f1 NOOP", "cmd:f2 NOOP"]);
  });
});

describe("plain-text passwords", () => {
  it("count as loopback only for 127.0.0.0/8 and ::1, in either address family's spelling", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(a), a).toBe(true);
    for (const a of ["10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "fe80::1", "1270::1", undefined])
      expect(isLoopback(a), String(a)).toBe(false);
  });
});
