// The socket routes hand the Mailbox only what it needs; headers a client
// makes up (partyserver's own among them) never reach it, and no stack trace
// ever reaches a client.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ServerFrame } from "../../src/contract/wire";
import { api, claim } from "./helpers";
import { mtAccount } from "./mailtm-helpers";

const HOSTILE_HEADERS: Record<string, string> = {
  "x-partykit-props": "{bad",
  "x-partykit-room": "someone-else@pigeonhole.test",
  "x-partykit-namespace": "mailbox",
  "x-pigeonhole-epoch": "forged-epoch",
};

/** What came back: the frames of an accepted socket (until it closes or `ms` pass), or the body of a refusal. */
async function upgrade(path: string, headers: Record<string, string>, ms = 500) {
  const res = await api(path, { headers: { Upgrade: "websocket", ...headers } });
  if (!res.webSocket) return { status: res.status, text: await res.text(), frames: [] as string[], closeCode: null };
  const ws = res.webSocket;
  const frames: string[] = [];
  let closeCode: number | null = null;
  ws.accept();
  ws.addEventListener("message", (e) => frames.push(String(e.data)));
  ws.addEventListener("close", (e) => {
    closeCode = e.code;
  });
  await new Promise((r) => setTimeout(r, ms));
  ws.close(1000, "done");
  return { status: res.status, text: frames.join("\n"), frames, closeCode };
}

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|SyntaxError|stack/);
}

describe("socket routes and client headers", () => {
  it("v1: a made-up x-partykit-props (and friends) does not break the socket or leak a stack", async () => {
    const { address, token } = await claim();
    const got = await upgrade(`/api/v1/mailboxes/${address}/ws?since=0`, { ...HOSTILE_HEADERS, Authorization: `Bearer ${token}` });
    expectNoStack(got.text);
    expect(got.status).toBe(101);
    const hello = JSON.parse(got.frames[0]) as ServerFrame;
    // The room is the credential's address, whatever the client claimed.
    expect(hello).toEqual({ type: "hello", address, latestId: 0 });
    expect(got.closeCode).toBeNull();
  });

  it("v1: the same headers without a credential get a clean JSON 401", async () => {
    const { address } = await claim();
    const got = await upgrade(`/api/v1/mailboxes/${address}/ws`, HOSTILE_HEADERS);
    expect(got.status).toBe(401);
    expect(JSON.parse(got.text).error.code).toBe("unauthorized");
    expectNoStack(got.text);
  });

  it("the Mailbox itself rebuilds the upgrade: made-up headers sent straight to it do no harm either", async () => {
    const { address, token } = await claim();
    const epoch = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).mbx as string;
    const res = await env.MAILBOX.getByName(address).fetch(
      new Request("https://mailbox.internal/ws?since=0", {
        headers: { Upgrade: "websocket", ...HOSTILE_HEADERS, "x-pigeonhole-grant": JSON.stringify({ epoch }) },
      }),
    );
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const first = new Promise<string>((resolve) => ws.addEventListener("message", (e) => resolve(String(e.data))));
    ws.accept();
    expect(JSON.parse(await first)).toEqual({ type: "hello", address, latestId: 0 });
    ws.close(1000, "done");
  });

  it("mail.tm events: the same headers do not reach the Mailbox either", async () => {
    const account = await mtAccount();
    const topic = encodeURIComponent(`/accounts/${account.id}`);
    const res = await api(`/mailtm/.well-known/mercure?topic=${topic}`, {
      headers: { ...HOSTILE_HEADERS, Authorization: `Bearer ${account.token}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(first.value).toBe(":ok\n\n");
    expectNoStack(first.value ?? "");
    await reader.cancel();
  });
});
