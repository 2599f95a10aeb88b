// What the send routes refuse before anything is queued (bad headers, addresses, too many
// recipients, too large), the daily quota (429 with when it resets), the raw route's checks,
// and that sent mail never wakes a long-poll or a code waiter.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, MessageList, SendResponse } from "../../src/contract/wire";
import worker from "../../src/index";
import { adminToken } from "./directory-helpers";
import { api, auth, claim, deliver, rawMessage } from "./helpers";
import { base64, bothParsers, bytesOf, outside, relayed, relayedUntil, send, storedRaw } from "./relay";

async function nothingQueued(address: string, token: string): Promise<void> {
  const list = await (await api(`/api/v1/mailboxes/${address}/messages?folder=sent`, auth(token))).json<MessageList>();
  expect(list.messages).toEqual([]);
}

async function refused(res: Response, status: number, code: string, message: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  const body = await res.json<ErrorBody>();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
}

describe("send request checks", () => {
  it("refuses CR/LF or control characters in any header value, bad addresses, too many recipients: 400, nothing queued", async () => {
    const { address, token } = await claim();
    const rcpt = outside("never");
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ to: [rcpt], subject: "hi\r\nBcc: victim@example.net", text: "x" }, /subject may not contain line breaks/],
      [{ to: [rcpt], fromName: "Evil\nX-Injected: 1", text: "x" }, /fromName may not contain/],
      [{ to: [`${rcpt}\r\nRCPT TO:<x@example.net>`], text: "x" }, /to\[0\] may not contain/],
      [
        { to: [rcpt], text: "x", attachments: [{ filename: "a\r\n.txt", contentType: "text/plain", content: "" }] },
        /filename may not contain/,
      ],
      [
        { to: [rcpt], text: "x", attachments: [{ filename: "a.txt", contentType: "text/plain\r\nX: y", content: "" }] },
        /contentType may not contain/,
      ],
      [{ to: [rcpt], text: "x", attachments: [{ filename: "a.txt", contentType: "text/plain", content: "!!" }] }, /is not base64/],
      [{ to: ["not-an-address"], text: "x" }, /to\[0\] is not a valid address/],
      [{ to: ["a@b@example.net"], text: "x" }, /is not a valid address/],
      [{ to: [rcpt], cc: ["Name <x@example.net>"], text: "x" }, /cc\[0\] is not a valid address/],
      [{ to: Array.from({ length: 51 }, (_, i) => `r${i}@example.net`), text: "x" }, /At most 50 recipients/],
      [{ to: [], text: "x" }, /at least one recipient/],
      [{ to: [rcpt] }, /Nothing to send/],
      [{ to: [rcpt], text: "x", sender: "boss@example.net" }, /Unknown field 'sender'/],
      [{ to: [rcpt], text: "x\u0000" }, /text may not contain control characters/],
    ];
    for (const [body, message] of cases) await refused(await send(address, token, body), 400, "bad_request", message);
    await nothingQueued(address, token);
    expect((await relayed(rcpt)).attempts).toEqual([]);
  });

  it("refuses a body or a built message over MAX_SEND_BYTES with 413, counted while it streams", async () => {
    const { address, token } = await claim();
    const limit = 1024 * 1024; // MAX_SEND_BYTES in vitest.config.ts
    const big = new Uint8Array(limit + 10);
    const streamed = new ReadableStream<Uint8Array>({
      start(c) {
        for (let at = 0; at < big.length; at += 65536) c.enqueue(big.subarray(at, at + 65536));
        c.close();
      },
    });
    const res = await api(
      `/api/v1/mailboxes/${address}/send`,
      auth(token, { method: "POST", body: streamed, duplex: "half" } as RequestInit),
    );
    await refused(res, 413, "too_large", /limited to 1048576 bytes/);
    // Under the limit as JSON, over it once built (base64 lines and headers add a third).
    const content = base64(new Uint8Array(781_000)); // 1 041 336 base64 characters in, about 1 068 700 bytes built
    await refused(
      await send(address, token, {
        to: [outside()],
        attachments: [{ filename: "a.bin", contentType: "application/octet-stream", content }],
      }),
      413,
      "too_large",
      /at most 1048576 may be sent/,
    );
    await nothingQueued(address, token);
  });

  it("counts recipients against the address's daily quota: over it, 429 send_quota_exceeded with Retry-After until UTC midnight", async () => {
    const { address, token } = await claim();
    // An admin's grant, through the admin API.
    await grantQuota(address, 3);
    expect((await send(address, token, { to: [outside(), outside()], text: "1" })).status).toBe(202);
    const res = await send(address, token, { to: [outside(), outside()], text: "2" });
    await refused(res, 429, "send_quota_exceeded", /3 recipients per UTC day \(2 used\)/);
    const retryAfter = Number(res.headers.get("retry-after"));
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(Math.abs(retryAfter - (midnight.getTime() - Date.now()) / 1000)).toBeLessThan(60);
    expect((await send(address, token, { to: [outside()], text: "3" })).status).toBe(202);
    expect((await send(address, token, { to: [outside()], text: "4" })).status).toBe(429);
    await grantQuota(address, null); // back to the deployment's SEND_DAILY_QUOTA
    expect((await send(address, token, { to: [outside()], text: "5" })).status).toBe(202);
  });
});

describe("POST /send/raw", () => {
  it("sends a whole message from the address or a +tag of it: Bcc read then stripped, ?rcpt= overrides, stored as sent", async () => {
    const { address, token } = await claim();
    const [to, bcc, only] = [outside("rawto"), outside("rawbcc"), outside("only")];
    const [local, domain] = address.split("@");
    const message = `From: Me <${local}+shop@${domain}>\nTo: ${to}\nBcc: ${bcc}\nSubject: raw one\n\n.starts with a dot\nbody\n`;
    const post = (body: string, query = "") =>
      api(
        `/api/v1/mailboxes/${address}/send/raw${query}`,
        auth(token, { method: "POST", headers: { "content-type": "message/rfc822" }, body }),
      );
    const res = await post(message);
    expect(res.status).toBe(202);
    const queued = await res.json<SendResponse>();
    const stored = await storedRaw(address, token, queued.id);
    const text = new TextDecoder().decode(stored);
    expect(text).not.toMatch(/^bcc:/im);
    expect(text).toMatch(/^Message-ID: <[^>]+@/m);
    expect(text).toContain("\r\n\r\n.starts with a dot\r\nbody\r\n");
    for (const rcpt of [to, bcc]) {
      const got = (await relayedUntil(rcpt, (r) => r.messages.length === 1)).messages[0];
      expect(got.from).toBe(`${local}+shop@${domain}`);
      expect(bytesOf(got)).toEqual(stored);
    }
    for (const mail of await bothParsers(stored)) expect(mail.text?.replace(/\r\n/g, "\n")).toBe(".starts with a dot\nbody\n");

    expect((await post(message, `?rcpt=${only}`)).status).toBe(202);
    await relayedUntil(only, (r) => r.messages.length === 1);
    expect((await relayed(to)).messages).toHaveLength(1);

    expect((await post(message.replace(`${local}+shop@`, "someone-else@"))).status).toBe(400);
    // A second author would go out under this address's name: every From and Sender must be it.
    const headed = (head: string) => message.replace(/^From: [^\n]*\n/, head);
    for (const head of [
      `From: ${address}, ceo@bank.example\n`,
      `From: ${address}\nFrom: ceo@bank.example\n`,
      `From: Staff: ${address}, ceo@bank.example;\n`,
      `From: ${address}\nSender: ceo@bank.example\n`,
      `From: ${address}\nSender: ${address}\nSender: ceo@bank.example\n`,
      `From: "${address}" <ceo@bank.example>\n`,
    ]) {
      const refused = await post(headed(head));
      expect(refused.status, head).toBe(400);
      expect((await refused.json<ErrorBody>()).error.message).toContain("one From field");
    }
    expect((await post(headed(`From: "Me, myself" <${address}>\nSender: ${address}\n`))).status).toBe(202);
    expect(await post("no header at all")).toHaveProperty("status", 400);
    expect((await post(message, "?rcpt=bad")).status).toBe(400);
  });
});

describe("sent mail and waiting for mail", () => {
  it("long-polls and code waiters see only the inbox, which shares one id sequence with the sent folder", async () => {
    const { address, token } = await claim();
    const sent = await (
      await send(address, token, { to: [outside()], subject: "code 123456", text: "Your code is 123456" })
    ).json<SendResponse>();
    const waited = await api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=1`, auth(token));
    expect(waited.status).toBe(204);
    await deliver(address, rawMessage({ to: address, subject: "Your code", body: "Code: 654321" }));
    const arrived = await (await api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=1`, auth(token))).json<{
      messages: { id: number; folder: string; codes: { value: string }[] }[];
    }>();
    expect(arrived.messages.map((m) => [m.id, m.folder, m.codes.map((c) => c.value)])).toEqual([[sent.id + 1, "inbox", ["654321"]]]);
  });
});

describe("deployment switches", () => {
  // The Worker as deployed with other vars: the same router, the same objects.
  const withVars = (vars: Record<string, string>, path: string, init: RequestInit) =>
    worker.fetch(new Request(`http://pigeonhole.test${path}`, init) as never, { ...env, ...vars }, createExecutionContext());

  it("SEND_TRANSPORT=off refuses sending with 403 sending_disabled, nothing stored", async () => {
    const { address, token } = await claim();
    const res = await withVars(
      { SEND_TRANSPORT: "off" },
      `/api/v1/mailboxes/${address}/send`,
      auth(token, { method: "POST", body: JSON.stringify({ to: [outside()], text: "x" }) }),
    );
    await refused(res, 403, "sending_disabled", /SEND_TRANSPORT=off/);
    await nothingQueued(address, token);
  });

  it("SEND_RATE_PER_MINUTE limits sends across the deployment: 429 rate_limited with Retry-After", async () => {
    const [a, b] = [await claim(), await claim()];
    const post = (who: { address: string; token: string }) =>
      withVars(
        { SEND_RATE_PER_MINUTE: "2" },
        `/api/v1/mailboxes/${who.address}/send`,
        auth(who.token, { method: "POST", body: JSON.stringify({ to: [outside()], text: "x" }) }),
      );
    expect((await post(a)).status).toBe(202);
    expect((await post(b)).status).toBe(202);
    const res = await post(a);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    await refused(res, 429, "rate_limited", /at most 2 messages a minute/);
  });
});

/** An admin's send-quota grant for `address` (null: back to SEND_DAILY_QUOTA), through PUT /api/v1/admin/addresses/{address}/send-quota. */
async function grantQuota(address: string, daily: number | null): Promise<void> {
  const res = await api(
    `/api/v1/admin/addresses/${address}/send-quota`,
    auth(await adminToken(), { method: "PUT", body: JSON.stringify({ daily }) }),
  );
  expect(res.status).toBe(200);
}
