// Fresh codes, once: GET …/codes/next waits (push-fed) for the first inbox
// message after `after` that matches the filters and carries a code or link,
// and hands each message's code to one caller only, unless peek=true.
import { describe, expect, it } from "vitest";
import type { NextCode } from "../../src/contract/agents";
import { signUp } from "./directory-helpers";
import { api, auth, claim, deliver, insideMailbox, rawMessage } from "./helpers";
import { keyAddress, makeKey } from "./key-helpers";

const codeMail = (to: string, code: string, opts: { subject?: string; from?: string } = {}) =>
  rawMessage({ to, subject: opts.subject ?? "Your sign-in code", from: opts.from, body: `Your verification code is ${code}.` });

function next(address: string, token: string, query = "timeout=5"): Promise<Response> {
  return api(`/api/v1/mailboxes/${address}/codes/next?${query}`, auth(token));
}

async function codeOf(res: Response): Promise<string | number> {
  if (res.status !== 200) return res.status;
  return (await res.json<NextCode>()).code ?? "(link only)";
}

/** Resolves once `n` long-polls are waiting in the mailbox (so the mail that follows is what wakes them). */
async function waiting(address: string, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const count = await insideMailbox(address, (parts) => (parts.live as unknown as { waiters: Set<unknown> }).waiters.size);
    if (count >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${count} of ${n} waiting`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("codes/next", () => {
  it("gives two concurrent waiters on one mailbox a different code each, and no code twice", async () => {
    const { address, token } = await claim();
    const waiters = [next(address, token, "timeout=20"), next(address, token, "timeout=20"), next(address, token, "timeout=3")];
    await waiting(address, 3);
    await deliver(address, codeMail(address, "482913"));
    await deliver(address, codeMail(address, "771204"));
    const got = await Promise.all(waiters.map((w) => w.then(codeOf)));
    // Two mails, three waiters: each code once, and one waiter times out empty.
    expect(got.filter((c) => c !== 204).sort()).toEqual(["482913", "771204"]);
    expect(got.filter((c) => c === 204)).toHaveLength(1);
    expect(await codeOf(await next(address, token, "timeout=0"))).toBe(204);
  });

  it("ends a wait whose client went away, so the next code goes to the waiter still there", async () => {
    const { address, token } = await claim();
    const gone = new AbortController();
    const abandoned = api(`/api/v1/mailboxes/${address}/codes/next?timeout=20`, auth(token, { signal: gone.signal })).catch(
      (err: Error) => err.name,
    );
    await waiting(address, 1);
    gone.abort();
    await expect.poll(() => insideMailbox(address, (parts) => (parts.live as unknown as { waiters: Set<unknown> }).waiters.size)).toBe(0);
    const still = next(address, token, "timeout=20");
    await waiting(address, 1);
    await deliver(address, codeMail(address, "604219"));
    expect(await codeOf(await still)).toBe("604219");
    await abandoned;

    // The MCP tool's wait ends with its agent's connection too.
    const agentGone = new AbortController();
    const rpc = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "wait_for_code", arguments: { address, timeout: 20 } } };
    const mcp = api(
      "/mcp",
      auth(token, {
        method: "POST",
        signal: agentGone.signal,
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify(rpc),
      }),
    ).catch((err: Error) => err.name);
    await waiting(address, 1);
    agentGone.abort();
    await expect.poll(() => insideMailbox(address, (parts) => (parts.live as unknown as { waiters: Set<unknown> }).waiters.size)).toBe(0);
    await mcp;

    // A client behind a proxy that keeps the request open names its wait and ends it itself.
    const named = next(address, token, "timeout=20&wait=script-run-42");
    await waiting(address, 1);
    const ended = await api(`/api/v1/mailboxes/${address}/codes/waits/script-run-42`, auth(token, { method: "DELETE" }));
    expect(ended.status).toBe(204);
    expect(await codeOf(await named)).toBe(204);
    const after = next(address, token, "timeout=20");
    await waiting(address, 1);
    await deliver(address, codeMail(address, "915562"));
    expect(await codeOf(await after)).toBe("915562");
    // Ending a wait that is not there is no error; a name that is not one is.
    expect((await api(`/api/v1/mailboxes/${address}/codes/waits/no-such-wait`, auth(token, { method: "DELETE" }))).status).toBe(204);
    expect((await api(`/api/v1/mailboxes/${address}/codes/waits/x`, auth(token, { method: "DELETE" }))).status).toBe(400);
    expect((await next(address, token, "timeout=1&wait=a%20b")).status).toBe(400);
  });

  it("answers mail already there first (oldest first), once each, with its ids and time", async () => {
    const { address, token } = await claim();
    await deliver(address, rawMessage({ to: address, subject: "Welcome", body: "No code in here." }));
    await deliver(address, codeMail(address, "100200"));
    await deliver(address, codeMail(address, "300400"));
    const first = await next(address, token);
    expect(first.status).toBe(200);
    const body = await first.json<NextCode>();
    expect(body).toMatchObject({ id: 2, code: "100200", link: null });
    expect(body.messageId).toMatch(/^<.+@example\.com>$/);
    expect(Date.parse(body.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await codeOf(await next(address, token))).toBe("300400");
    expect(await codeOf(await next(address, token, "timeout=1"))).toBe(204);
    // `after` skips older mail even if its code was never handed out.
    const other = await claim();
    await deliver(other.address, codeMail(other.address, "555001"));
    await deliver(other.address, codeMail(other.address, "555002"));
    expect(await codeOf(await next(other.address, other.token, "after=1&timeout=1"))).toBe("555002");
  });

  it("filters by sender and subject as case-insensitive substrings, never patterns", async () => {
    const { address, token } = await claim();
    await deliver(address, codeMail(address, "371942", { from: "Shop <news@shop.example>", subject: "Sale code" }), "news@shop.example");
    await deliver(
      address,
      codeMail(address, "528617", { from: "GitHub <noreply@github.com>", subject: "[GitHub] Your code" }),
      "bounce@mail.github.com",
    );
    expect(await codeOf(await next(address, token, "from=GITHUB&timeout=1"))).toBe("528617");
    expect(await codeOf(await next(address, token, "from=.*&timeout=1"))).toBe(204);
    expect(await codeOf(await next(address, token, "subject=sale%20CODE&timeout=1"))).toBe("371942");
    // The envelope sender counts too.
    const b = await claim();
    await deliver(b.address, codeMail(b.address, "640193", { from: "Service <x@relay.example>" }), "bounces@vendor.example");
    expect(await codeOf(await next(b.address, b.token, "from=vendor.example&timeout=1"))).toBe("640193");
  });

  it("with peek=true hands nothing out, and returns codes already handed out", async () => {
    const { address, token } = await claim();
    await deliver(address, codeMail(address, "818181"));
    expect(await codeOf(await next(address, token, "peek=true&timeout=1"))).toBe("818181");
    expect(await codeOf(await next(address, token, "timeout=1"))).toBe("818181");
    expect(await codeOf(await next(address, token, "timeout=1"))).toBe(204);
    expect(await codeOf(await next(address, token, "peek=true&timeout=1"))).toBe("818181");
  });

  it("never counts junk, and never takes digits of the mailbox's own address or the sender's for a code", async () => {
    const name = `agent482913x${crypto.randomUUID().slice(0, 6)}`;
    const { address, token } = await claim(name);
    const junk = `Authentication-Results: mx.cloudflare.net; dmarc=fail header.from=bank.example\r\n${codeMail(address, "424242")}`;
    await deliver(address, junk, "alerts@bank.example", { vars: { JUNK_ON_DMARC_FAIL: "true" } });
    expect(await codeOf(await next(address, token, "timeout=1"))).toBe(204);
    const body = `Hello ${address}, from support990077@shop.example. Your verification code is 615243.`;
    await deliver(
      address,
      rawMessage({ to: address, from: "support990077@shop.example", subject: "Verify", body }),
      "support990077@shop.example",
    );
    const got = await (await next(address, token, "timeout=1")).json<NextCode>();
    expect(got.code).toBe("615243");
  });

  it("hands out a one-time link when the mail has no code", async () => {
    const { address, token } = await claim();
    const body = "Confirm your email address: https://app.example/verify?token=abcdef123456";
    await deliver(address, rawMessage({ to: address, subject: "Confirm your email", body }));
    const got = await (await next(address, token, "timeout=1")).json<NextCode>();
    expect(got).toMatchObject({ code: null, link: "https://app.example/verify?token=abcdef123456" });
  });

  it("refuses bad queries and honours WAIT_MAX_SECONDS", async () => {
    const { address, token } = await claim();
    for (const q of ["timeout=61", "after=-1", "peek=maybe", `from=${"x".repeat(201)}`, "from=a&from=b"]) {
      expect((await next(address, token, q)).status, q).toBe(400);
    }
    expect((await next(address, "not a token")).status).toBe(401);
    const started = Date.now();
    expect((await next(address, token, "timeout=1")).status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("serves a key with addresses:read on the addresses it created", async () => {
    const user = await signUp();
    const { key } = await makeKey(user.token);
    const { address } = await keyAddress(key);
    const pending = next(address, key, "timeout=10");
    await waiting(address, 1);
    await deliver(address, codeMail(address, "909090"));
    expect(await codeOf(await pending)).toBe("909090");
    const createOnly = (await makeKey(user.token, { name: "c", scopes: ["addresses:create"] })).key;
    const own = await keyAddress(createOnly);
    expect((await next(own.address, createOnly, "timeout=0")).status).toBe(403);
  });
});
