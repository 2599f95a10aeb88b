// The Message-ID an IMAP APPEND's copy is matched by (bridge/imap/append.ts):
// read from the header only, folded or not, with or without angle brackets.
import { describe, expect, it } from "vitest";
import { headerMessageId } from "../../bridge/imap/append.ts";

describe("headerMessageId", () => {
  it("reads the header's Message-ID, whatever its case, folding and brackets", () => {
    expect(headerMessageId("From: a@b.test\r\nMessage-ID: <x.1@b.test>\r\n\r\nbody")).toBe("x.1@b.test");
    expect(headerMessageId("message-id:\r\n <x.2@b.test>\r\nSubject: s\r\n\r\n")).toBe("x.2@b.test");
    expect(headerMessageId("Message-Id: x.3@b.test\n\nbody")).toBe("x.3@b.test");
  });

  it("never takes one from the body, and says null when the header has none or an empty one", () => {
    expect(headerMessageId("Subject: s\r\n\r\nMessage-ID: <in.body@b.test>\r\n")).toBeNull();
    expect(headerMessageId("Subject: s\r\nMessage-ID: <>\r\n\r\n")).toBeNull();
    expect(headerMessageId("Subject: s\r\n\r\n")).toBeNull();
  });
});
