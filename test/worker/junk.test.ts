// Junk: with JUNK_ON_DMARC_FAIL on, mail whose DMARC verdict (from the receiving
// service's header) is "fail" is stored in the junk folder: kept and listed, never
// dropped, but it ends no long-poll, is announced to no Telegram chat or webhook, and is
// not forwarded. Sockets still get it (with its folder), for the web inbox's Junk tab.
import { describe, expect, it } from "vitest";
import type { DeliveryLog, MessageList, OutboxReport } from "../../src/contract/wire";
import { api, auth, claim, deliver, messageFrames, openSocket, rawMessage } from "./helpers";
import { FAKE } from "./remote";

const JUNK_ON = { JUNK_ON_DMARC_FAIL: "true" };
const failing = (to: string, subject: string) =>
  `Authentication-Results: mx.cloudflare.net; spf=pass; dkim=none; dmarc=fail header.from=bank.example\r\n${rawMessage({
    to,
    subject,
    from: "Bank <alerts@bank.example>",
    body: "Your code is 482915",
  })}`;

async function folder(address: string, token: string, name: string): Promise<string[]> {
  const list = await (await api(`/api/v1/mailboxes/${address}/messages?folder=${name}`, auth(token))).json<MessageList>();
  return list.messages.map((m) => m.subject ?? "");
}

describe("junk on DMARC failure", () => {
  it("stores a DMARC failure in junk, lists it with ?folder=junk, and logs it as junked", async () => {
    const { address, token } = await claim();
    expect((await deliver(address, failing(address, "phish"), "alerts@bank.example", { vars: JUNK_ON })).rejected).toBeNull();
    expect((await deliver(address, rawMessage({ to: address, subject: "fine" }), "a@example.com", { vars: JUNK_ON })).rejected).toBeNull();
    expect(await folder(address, token, "junk")).toEqual(["phish"]);
    expect(await folder(address, token, "inbox")).toEqual(["fine"]);
    const list = await (await api(`/api/v1/mailboxes/${address}/messages?folder=junk`, auth(token))).json<MessageList>();
    expect(list.messages[0]).toMatchObject({ folder: "junk", auth: { spf: "pass", dkim: "none", dmarc: "fail" } });
    // Kept in full, codes included: only where it is shown changes.
    expect(list.messages[0].codes).toEqual([{ kind: "code", value: "482915" }]);
    const log = await (await api(`/api/v1/mailboxes/${address}/deliveries`, auth(token))).json<DeliveryLog>();
    expect(log.deliveries.map((d) => [d.outcome, d.reason, d.messageId])).toEqual([
      ["accepted", null, 2],
      ["junk", "dmarc_fail", 1],
    ]);
  });

  it("leaves a DMARC failure in the inbox while JUNK_ON_DMARC_FAIL is off (the default)", async () => {
    const { address, token } = await claim();
    expect((await deliver(address, failing(address, "shown"))).rejected).toBeNull();
    expect(await folder(address, token, "inbox")).toEqual(["shown"]);
    expect(await folder(address, token, "junk")).toEqual([]);
  });

  it("ends no long-poll, and is pushed to sockets with its folder", async () => {
    const { address, token } = await claim();
    const socket = await openSocket(address, token);
    await socket.until((f) => f.some((x) => typeof x !== "string" && x.type === "hello"));
    const waiting = api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=3`, auth(token));
    // Give the long-poll time to be parked in the Mailbox before the junk lands.
    await new Promise((r) => setTimeout(r, 300));
    expect((await deliver(address, failing(address, "junk1"), "alerts@bank.example", { vars: JUNK_ON })).rejected).toBeNull();
    await socket.until((f) => messageFrames(f).length === 1);
    expect(messageFrames(socket.frames)[0].message).toMatchObject({ folder: "junk", subject: "junk1" });
    // It times out empty (204) rather than returning the junk (200).
    expect((await waiting).status).toBe(204);
    socket.close();
  });

  it("is announced to no webhook and forwarded nowhere, while inbox mail is", async () => {
    const { address, token } = await claim();
    const hook = await api(
      `/api/v1/mailboxes/${address}/webhooks`,
      auth(token, { method: "POST", body: JSON.stringify({ url: `${FAKE}/hook/junk-${address}` }) }),
    );
    expect(hook.status).toBe(201);
    const rule = await api(
      `/api/v1/mailboxes/${address}/forwards`,
      auth(token, { method: "POST", body: JSON.stringify({ to: "me@example.org" }) }),
    );
    expect(rule.status).toBe(201);
    const junk = await deliver(address, failing(address, "quiet"), "alerts@bank.example", { vars: JUNK_ON });
    expect(junk).toEqual({ rejected: null, forwarded: [] });
    const outbox = async () => (await api(`/api/v1/mailboxes/${address}/outbox`, auth(token))).json<OutboxReport>();
    expect((await outbox()).entries).toEqual([]);
    const fine = await deliver(address, rawMessage({ to: address, subject: "loud" }), "a@example.com", { vars: JUNK_ON });
    expect(fine).toEqual({ rejected: null, forwarded: ["me@example.org"] });
    expect((await outbox()).entries.map((e) => [e.messageId, e.target.kind])).toEqual([[2, "webhook"]]);
  });
});
