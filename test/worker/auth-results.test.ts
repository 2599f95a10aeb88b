// Sender verdicts: SPF, DKIM and DMARC come from the receiving service's own
// Authentication-Results header only (the topmost one with AUTHSERV_ID), read by
// the real email() handler; what a sender wrote is ignored.
import { describe, expect, it } from "vitest";
import type { MessageDetail, MessageList } from "../../src/contract/wire";
import { parseAuthResults, readMessageAuth, splitClauses } from "../../src/mail/auth-results";
import { api, auth, claim, deliver, rawMessage } from "./helpers";

const OURS = "mx.cloudflare.net";

/** Delivers a mail whose header section starts with `headers` (CRLF lines) and returns its summary and detail. */
async function verdictOf(headers: string[], vars?: { AUTHSERV_ID: string }) {
  const { address, token } = await claim();
  const raw = headers.map((h) => `${h}\r\n`).join("") + rawMessage({ to: address });
  expect((await deliver(address, raw, "sender@example.com", { vars })).rejected).toBeNull();
  const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
  const detail = await (await api(`/api/v1/mailboxes/${address}/messages/${list.messages[0].id}`, auth(token))).json<MessageDetail>();
  expect(detail.auth).toEqual(list.messages[0].auth);
  return detail.auth;
}

describe("Authentication-Results through email()", () => {
  it("reads spf, dkim and dmarc from the receiving service's header, on the summary and the detail", async () => {
    const got = await verdictOf([
      `Authentication-Results: ${OURS}; dkim=pass header.d=example.com header.s=s1 header.b=AbC; dmarc=pass header.from=example.com policy.dmarc=reject; spf=softfail smtp.mailfrom=sender@example.com`,
    ]);
    expect(got).toEqual({ spf: "softfail", dkim: "pass", dmarc: "pass" });
  });

  it("ignores a forged header below the real one, even with our authserv-id", async () => {
    const got = await verdictOf([
      `Authentication-Results: ${OURS}; spf=fail smtp.mailfrom=x@example.com; dkim=fail; dmarc=fail`,
      "Received: from relay.example.com by mx.cloudflare.net",
      `Authentication-Results: ${OURS}; spf=pass; dkim=pass; dmarc=pass`,
    ]);
    expect(got).toEqual({ spf: "fail", dkim: "fail", dmarc: "fail" });
  });

  it("skips headers with another authserv-id, above or below, and takes the first one that is ours", async () => {
    const got = await verdictOf([
      "Authentication-Results: mx.cloudflare.net.evil.example; spf=pass; dkim=pass; dmarc=pass",
      "Authentication-Results: evil.example; dmarc=pass",
      `Authentication-Results: ${OURS}; spf=neutral; dmarc=fail`,
      "Authentication-Results: mx.google.com; dkim=pass",
    ]);
    expect(got).toEqual({ spf: "neutral", dkim: null, dmarc: "fail" });
  });

  it("a mail with only a sender's own headers (another authserv-id) has no verdict at all", async () => {
    const got = await verdictOf(["Authentication-Results: mail.example.com; spf=pass; dkim=pass; dmarc=pass"]);
    expect(got).toEqual({ spf: null, dkim: null, dmarc: null });
  });

  it("unfolds a folded header and drops comments, nested ones and ones holding ';' or '='", async () => {
    const got = await verdictOf([
      `Authentication-Results: ${OURS} (the (real) one; dmarc=pass);`,
      "\tspf=pass (mx.cloudflare.net: domain of a@example.com designates 192.0.2.1 as permitted sender)",
      "\t  smtp.mailfrom=a@example.com;",
      '  dkim = fail reason="signature; did not verify" header.d=example.com;',
      "  dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
    ]);
    expect(got).toEqual({ spf: "pass", dkim: "fail", dmarc: "fail" });
  });

  it("honours AUTHSERV_ID, case-insensitively", async () => {
    const headers = [`Authentication-Results: ${OURS}; dmarc=fail`, "Authentication-Results: MX.Pigeonhole.TEST 1; dmarc=pass"];
    expect(await verdictOf(headers, { AUTHSERV_ID: "mx.pigeonhole.test" })).toEqual({ spf: null, dkim: null, dmarc: "pass" });
  });

  it("sent mail carries no verdict", async () => {
    const { address, token } = await claim();
    const res = await api(
      `/api/v1/mailboxes/${address}/send`,
      auth(token, { method: "POST", body: JSON.stringify({ to: ["x@example.net"], text: "hi" }) }),
    );
    expect(res.status).toBe(202);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages?folder=sent`, auth(token))).json<MessageList>();
    expect(list.messages[0].auth).toEqual({ spf: null, dkim: null, dmarc: null });
  });
});

const bytes = (s: string) => new TextEncoder().encode(s);

describe("the Authentication-Results reader", () => {
  it("takes a pass over a failure for a method given twice (several DKIM signatures), else the first result", () => {
    expect(parseAuthResults(`${OURS}; dkim=fail header.d=a.example; dkim=pass header.d=b.example; spf=temperror; spf=pass`, OURS)).toEqual({
      spf: "pass",
      dkim: "pass",
      dmarc: null,
    });
    expect(parseAuthResults(`${OURS}; dkim=permerror; dkim=fail`, OURS)?.dkim).toBe("permerror");
  });

  it("reads the no-result form, versions, a quoted authserv-id and odd result tokens without trusting them", () => {
    expect(parseAuthResults(`${OURS}; none`, OURS)).toEqual({ spf: null, dkim: null, dmarc: null });
    expect(parseAuthResults(`${OURS} 1; spf/1=PASS; dmarc=policy`, OURS)).toEqual({ spf: "pass", dkim: null, dmarc: "policy" });
    expect(parseAuthResults(`"${OURS}"; dkim=pass`, OURS)?.dkim).toBe("pass");
    expect(parseAuthResults(`${OURS}; spf=<script>; dkim=${"x".repeat(40)}; dmarc=`, OURS)).toEqual({ spf: null, dkim: null, dmarc: null });
    expect(parseAuthResults("; dmarc=pass", OURS)).toBeNull();
    expect(parseAuthResults(` ${OURS}x; dmarc=pass`, OURS)).toBeNull();
  });

  it("splits on ';' outside quotes and comments, with escapes, and survives unbalanced input", () => {
    expect(splitClauses('a; b="x;y" (c; d) e; f\\;g')).toEqual(["a", " b=x;y   e", " f\\", "g"]);
    expect(splitClauses("id; spf=pass (unclosed; dkim=pass")).toEqual(["id", " spf=pass "]);
    expect(splitClauses('id; reason="unclosed; dmarc=pass')).toEqual(["id", " reason=unclosed; dmarc=pass"]);
  });

  it("stops at the end of the header section: a body line is never a header", () => {
    const raw = `Subject: x\r\n\r\nAuthentication-Results: ${OURS}; dmarc=pass\r\n`;
    expect(readMessageAuth(bytes(raw), OURS)).toEqual({ spf: null, dkim: null, dmarc: null });
    const bare = `Authentication-Results: ${OURS};\n dmarc=fail\nSubject: x\n\nbody`;
    expect(readMessageAuth(bytes(bare), OURS).dmarc).toBe("fail");
  });

  it("reads a bounded prefix in linear time: megabytes of headers, a huge field and a comment bomb return at once", () => {
    const many = `${"X-Filler: y\r\n".repeat(200_000)}Authentication-Results: ${OURS}; dmarc=pass\r\n\r\n`;
    // Cut at 8 KiB: the dmarc clause after it is never reached.
    const huge = `Authentication-Results: ${OURS}; ${"spf=pass (x) ".repeat(4_000)}; dmarc=fail\r\n\r\n`;
    const bomb = `Authentication-Results: ${OURS}; dmarc=fail ${"(".repeat(50_000)}\r\n\r\n`;
    const endless = `Authentication-Results: ${OURS}; dmarc=fail ${"(".repeat(500_000)}\r\n\r\n`;
    const started = performance.now();
    // Beyond the 64 KiB it reads: not found, and not searched for.
    expect(readMessageAuth(bytes(many), OURS).dmarc).toBeNull();
    expect(readMessageAuth(bytes(huge), OURS)).toEqual({ spf: "pass", dkim: null, dmarc: null });
    expect(readMessageAuth(bytes(bomb), OURS).dmarc).toBe("fail");
    // A line that does not end within 64 KiB is not read at all.
    expect(readMessageAuth(bytes(endless), OURS).dmarc).toBeNull();
    expect(readMessageAuth(new Uint8Array([0xff, 0xfe, 0x0a, 0x00, 0x3a, 0x0a]), OURS)).toEqual({ spf: null, dkim: null, dmarc: null });
    // ~10 ms here; workerd's clock only moves on I/O, so this bounds the worst case loosely.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
