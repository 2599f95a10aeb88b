// Ingest storm: 10,000 mails at concurrency 32 over 100 mailboxes while 100
// WebSocket clients drop and reconnect at random. Nothing lost, nothing twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeIdle, deliver } from "../../bench/lib/http";
import { generatedMail } from "../../bench/lib/mail";
import { runPool } from "../../bench/lib/pool";
import { type Service, startService } from "../node/service";
import { LiveClient, seeded, until } from "./live-client";
import { type Claimed, claimMany, listAll, markerOf, range } from "./mailbox-audit";

const MAILS = Number(process.env.LOAD_MAILS ?? 10_000);
const MAILBOXES = 100;
const CONCURRENCY = 32;
const SEED = Number(process.env.LOAD_SEED ?? 6);

let svc: Service;
beforeAll(async () => {
  svc = await startService({ vars: { MAILBOX_MAX_BYTES: String(1024 ** 3) } });
});
afterAll(async () => {
  closeIdle();
  await svc?.stop();
});

describe("ingest storm with flapping subscribers", () => {
  it(`stores ${MAILS} mails over ${MAILBOXES} mailboxes once each, gap-free, and every client sees its mail once, in order`, async () => {
    const random = seeded(SEED);
    const boxes: Claimed[] = await claimMany(svc.url, "storm", MAILBOXES);
    const clients = boxes.map((b) => new LiveClient(svc.url, b.address, b.token, random));
    for (const c of clients) c.connect();
    await until(
      () => clients.every((c) => c.isConnected),
      30_000,
      () => "clients did not connect",
    );

    // Every 100 ms two random clients drop (each client about every 5 s) and come back with since=.
    const flapper = setInterval(() => {
      for (let k = 0; k < 2; k++) clients[Math.floor(random() * clients.length)].drop();
    }, 100);

    const t0 = Date.now();
    const accepted: string[][] = boxes.map(() => []);
    const failures: string[] = [];
    try {
      await runPool(MAILS, CONCURRENCY, async (i) => {
        const box = i % MAILBOXES;
        const marker = `S${i}`;
        const r = await deliver(svc.url, "load@service.example", boxes[box].address, generatedMail(i, boxes[box].address, marker));
        if (r.status === 200) accepted[box].push(marker);
        else if (failures.length < 10) failures.push(`${marker}: ${r.status} ${r.body.toString().slice(0, 200)}`);
      });
    } finally {
      clearInterval(flapper);
    }
    expect(failures).toEqual([]);
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `storm: ${MAILS} mails in ${seconds.toFixed(1)} s (${(MAILS / seconds).toFixed(1)}/s) with ${clients.reduce((n, c) => n + c.reconnects, 0)} reconnects`,
    );

    // Stored: exactly the accepted mails, once each, ids 1..n per mailbox.
    for (const [k, b] of boxes.entries()) {
      const stored = await listAll(svc.url, b.address, b.token);
      expect(
        stored.map((m) => m.id),
        b.address,
      ).toEqual(range(accepted[k].length));
      expect(stored.map((m) => markerOf(m.subject)).sort(), b.address).toEqual([...accepted[k]].sort());
    }

    // Seen: each client, after its last reconnect, caught up to the end.
    await until(
      () => clients.every((c, k) => c.lastId === accepted[k].length),
      60_000,
      () =>
        clients
          .filter((c, k) => c.lastId !== accepted[k].length)
          .map((c) => `${c.address} at ${c.lastId}`)
          .join(", "),
    );
    for (const c of clients) c.stop();
    const reconnects = clients.reduce((n, c) => n + c.reconnects, 0);
    expect(reconnects).toBeGreaterThan(MAILBOXES); // the flapping really happened
    for (const [k, c] of clients.entries()) {
      expect(c.errors, c.address).toEqual([]);
      expect(c.seen, c.address).toEqual(range(accepted[k].length));
    }
  });
});
