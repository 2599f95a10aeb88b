// Live listeners per mailbox are capped (WebSockets, mail.tm event streams,
// long-polls: 100 each by default) with a clear 429, and a reconnect's replay
// goes out page by page instead of all at once, still missing and repeating nothing.
import { env, runInDurableObject } from "cloudflare:test";
import type { Connection } from "partyserver";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { LiveFeed } from "../../objects/mailbox/live-feed";
import { MessageStore } from "../../objects/mailbox/message-store";
import { socketRequest } from "../../objects/mailbox/socket-request";
import { readConfig } from "../../src/contract/config";
import { parseJsonText } from "../../src/contract/json-text";
import type { ServerFrame } from "../../src/contract/wire";
import { buildDelivery } from "../../src/inbound";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";
import { mtAccount } from "./mailtm-helpers";

const CAP = 100;

async function fill(address: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, (_, j) => deliver(address, rawMessage({ to: address, subject: `m${i + j}` }))),
    );
  }
}

describe("caps on live listeners", () => {
  it("ships 100 of each kind, configurable", () => {
    const c = readConfig({ DOMAINS: "x.test" });
    expect([c.socketsPerMailbox, c.eventStreamsPerMailbox, c.waitsPerMailbox]).toEqual([CAP, CAP, CAP]);
    const set = readConfig({ DOMAINS: "x.test", SOCKETS_PER_MAILBOX: "3", EVENT_STREAMS_PER_MAILBOX: "4", WAITS_PER_MAILBOX: "5" });
    expect([set.socketsPerMailbox, set.eventStreamsPerMailbox, set.waitsPerMailbox]).toEqual([3, 4, 5]);
  });

  it("refuses the 101st WebSocket on a mailbox with 429, and takes one again once a socket closes", async () => {
    const { address, token } = await claim();
    const sockets: Awaited<ReturnType<typeof openSocket>>[] = [];
    for (let i = 0; i < CAP; i++) sockets.push(await openSocket(address, token, 0));
    const refused = await api(`/api/v1/mailboxes/${address}/ws`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await refused.json<any>()).error).toEqual({ code: "rate_limited", message: expect.stringMatching(/at most 100 WebSockets/) });
    sockets[0].close();
    await sockets[0].until(() => sockets[0].closed !== null);
    const again = await openSocket(address, token, 0);
    await again.until((f) => f.length >= 1);
    for (const s of [again, ...sockets.slice(1)]) s.close();
  });

  it("refuses the 101st mail.tm event stream with mail.tm's 429", async () => {
    const a = await mtAccount();
    const open = async () =>
      api(`/mailtm/.well-known/mercure?topic=/accounts/${a.id}`, { headers: { authorization: `Bearer ${a.token}` } });
    const streams = [];
    for (let i = 0; i < CAP; i++) {
      const res = await open();
      expect(res.status).toBe(200);
      streams.push(res);
    }
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ code: 429, message: expect.stringMatching(/at most 100 event streams/) });
    // Sockets of the v1 API are counted apart: one still gets in.
    const { token } = await (async () => {
      const t = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address: a.address, password: a.password }) });
      return t.json<{ token: string }>();
    })();
    const sock = await openSocket(a.address, token, 0);
    await sock.until((f) => f.length >= 1);
    sock.close();
    for (const s of streams) await s.body?.cancel();
  });

  it("refuses the 101st long-poll with 429, and releases the 100 with the next mail", async () => {
    const { address, token } = await claim();
    const polls = Array.from({ length: CAP }, () => api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=30`, auth(token)));
    // Wait until all of them are parked in the mailbox.
    await runInDurableObject(env.MAILBOX.getByName(address), async (mailbox: Mailbox) => {
      const live = (mailbox as unknown as { parts: { live: { waiters: Set<unknown> } } }).parts.live;
      for (let i = 0; i < 200 && live.waiters.size < CAP; i++) await new Promise((r) => setTimeout(r, 25));
      expect(live.waiters.size).toBe(CAP);
    });
    const refused = await api(`/api/v1/mailboxes/${address}/wait?after=0&timeout=30`, auth(token));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect((await refused.json<any>()).error.message).toMatch(/at most 100 long-polls/);
    await deliver(address, rawMessage({ to: address, subject: "wake up" }));
    const answers = await Promise.all(polls);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    for (const r of answers) await r.body?.cancel();
  });
});

describe("paged replay", () => {
  it("sends a page, then yields, instead of every stored message in one go", async () => {
    const { address } = await claim();
    await fill(address, 250);
    const sent = await runInDurableObject(env.MAILBOX.getByName(address), async (_m: Mailbox, state) => {
      const frames: ServerFrame[] = [];
      const conn = {
        id: "replay-probe",
        readyState: WebSocket.OPEN,
        send: (text: string) => frames.push(JSON.parse(text)),
        close() {},
      } as unknown as Connection;
      const hub = { broadcast() {}, getConnections: () => [] };
      const feed = new LiveFeed(hub, new MessageStore(state.storage.sql, state.storage), readConfig(env));
      const replay = feed.greet(conn, address, 0);
      const beforeYield = frames.length;
      await replay;
      return { beforeYield, ids: frames.flatMap((f) => (f.type === "message" ? [f.message.id] : [])) };
    });
    // hello + one page of 100 before the first yield (before: all 250 at once).
    expect(sent.beforeYield).toBeLessThanOrEqual(101);
    expect(sent.ids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it("misses and repeats nothing when mail arrives and is deleted between its pages", async () => {
    const { address, token } = await claim();
    await fill(address, 250);
    const epoch = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).mbx as string;
    const later = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        buildDelivery(new TextEncoder().encode(rawMessage({ to: address, subject: `late${i}` })), {
          from: "a@b.example",
          to: address,
          tag: null,
        }),
      ),
    );
    const frames: ServerFrame[] = [];
    const stored = await runInDurableObject(env.MAILBOX.getByName(address), async (mailbox: Mailbox) => {
      const res = await mailbox.fetch(socketRequest("https://mailbox.internal/ws?since=0", epoch));
      const ws = res.webSocket!;
      ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
      ws.accept();
      // The upgrade is answered after the first page; the rest is still to come. These land in between.
      const delivered = later.map((d) => mailbox.deliver(d.delivery, d.payload));
      const deleted = [7, 150].map((id) => mailbox.owner({ epoch }, "deleteMessage", id));
      await Promise.all([...delivered, ...deleted]);
      for (let i = 0; i < 200 && !frames.some((f) => f.type === "deleted" && f.id === 150); i++)
        await new Promise((r) => setTimeout(r, 25));
      ws.close(1000, "done");
      const list = await mailbox.owner({ epoch }, "list", Number.MAX_SAFE_INTEGER, 1000);
      return typeof list === "string"
        ? parseJsonText(list)
            .messages.map((m) => m.id)
            .sort((a, b) => a - b)
        : [];
    });
    const sent = frames.flatMap((f) => (f.type === "message" ? [f.message.id] : []));
    // In order, once each…
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(new Set(sent).size).toBe(sent.length);
    // …and what the client ends up holding is exactly what the mailbox holds.
    const held = new Set<number>();
    for (const f of frames) {
      if (f.type === "message") held.add(f.message.id);
      if (f.type === "deleted") held.delete(f.id);
    }
    expect([...held].sort((a, b) => a - b)).toEqual(stored);
    expect(stored).toHaveLength(278);
    // 150 was deleted before its page went out: never sent. 7 was sent, then deleted.
    expect(sent).not.toContain(150);
    expect(sent).toContain(7);
  });
});
