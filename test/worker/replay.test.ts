// Replay: a client that reconnects with its last id misses nothing and sees nothing twice.
import { describe, expect, it } from "vitest";
import { claim, deliver, messageFrames, openSocket, rawMessage } from "./helpers";

describe("WebSocket replay", () => {
  it("replays mail missed while disconnected, in order, once", async () => {
    const { address, token } = await claim("replayer");
    const first = await openSocket(address, token, 0);
    await deliver(address, rawMessage({ to: address, subject: "one" }));
    await first.until((f) => messageFrames(f).length === 1);
    const lastSeen = messageFrames(first.frames)[0].message.id;
    first.close();

    for (const s of ["two", "three", "four"]) await deliver(address, rawMessage({ to: address, subject: s }));

    const second = await openSocket(address, token, lastSeen);
    await second.until((f) => messageFrames(f).length === 3);
    expect(second.frames[0]).toEqual({ type: "hello", address, latestId: 4 });
    expect(messageFrames(second.frames).map((f) => [f.message.id, f.message.subject])).toEqual([
      [2, "two"],
      [3, "three"],
      [4, "four"],
    ]);
    await deliver(address, rawMessage({ to: address, subject: "five" }));
    await second.until((f) => messageFrames(f).length === 4);
    await second.settle();
    expect(messageFrames(second.frames).map((f) => f.message.id)).toEqual([2, 3, 4, 5]);
    second.close();
  });

  it("loses and doubles nothing when deliveries race a reconnect's replay", async () => {
    const { address, token } = await claim("racer");
    for (let i = 0; i < 20; i++) await deliver(address, rawMessage({ to: address, subject: `pre${i}` }));
    // Connect while 30 more deliveries are in flight.
    const inflight = Array.from({ length: 30 }, (_, i) => deliver(address, rawMessage({ to: address, subject: `live${i}` })));
    const sockets = await Promise.all([openSocket(address, token, 0), openSocket(address, token, 10)]);
    await Promise.all(inflight);
    await sockets[0].until((f) => messageFrames(f).length >= 50);
    await sockets[1].until((f) => messageFrames(f).length >= 40);
    await Promise.all(sockets.map((s) => s.settle()));
    const ids0 = messageFrames(sockets[0].frames).map((f) => f.message.id);
    const ids1 = messageFrames(sockets[1].frames).map((f) => f.message.id);
    expect(ids0).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(ids1).toEqual(Array.from({ length: 40 }, (_, i) => i + 11));
    for (const s of sockets) s.close();
  });

  it("replays everything without since=, and refuses a malformed since with 400", async () => {
    const { address, token } = await claim("since-default");
    await deliver(address, rawMessage({ to: address }));
    const sock = await openSocket(address, token);
    await sock.until((f) => messageFrames(f).length === 1);
    sock.close();
    const { api } = await import("./helpers");
    const bad = await api(`/api/v1/mailboxes/${address}/ws?since=-4`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(400);
  });

  it("answers ping with pong", async () => {
    const { address, token } = await claim("pinger");
    const sock = await openSocket(address, token, 0);
    await sock.until((f) => f.length === 1);
    sock.ws.send("ping");
    await sock.until((f) => f.includes("pong"));
    sock.close();
  });
});
