// Restart under load: the service is stopped while mail is being delivered
// and started again on the same persisted state. Every mail that got a 200 is
// there, byte-identical; subscribers resume without a gap or a repeat.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeIdle, deliver, http } from "../../bench/lib/http";
import { generatedMail } from "../../bench/lib/mail";
import { runPool } from "../../bench/lib/pool";
import { type Service, startService } from "../node/service";
import { LiveClient, seeded, until } from "./live-client";
import { claimMany, listAll, markerOf, range } from "./mailbox-audit";

const MAILBOXES = 20;
const BEFORE_STOP = Number(process.env.LOAD_RESTART_MAILS ?? 600);
const AFTER = 300;
const persistDir = mkdtempSync(join(tmpdir(), "pigeonhole-restart-"));
const vars = { MAILBOX_MAX_BYTES: String(1024 ** 3) };
const services: Service[] = [];

afterAll(async () => {
  closeIdle();
  for (const s of services) await s.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

describe("restart under load", () => {
  it("keeps every acknowledged mail byte-identical and lets subscribers resume without gaps", async () => {
    const random = seeded(Number(process.env.LOAD_SEED ?? 6));
    let svc = await startService({ persistDir, vars });
    services.push(svc);
    const boxes = await claimMany(svc.url, "restart", MAILBOXES);
    const clients = boxes.map((b) => new LiveClient(svc.url, b.address, b.token, random));
    for (const c of clients) c.connect();
    await until(
      () => clients.every((c) => c.isConnected),
      30_000,
      () => "clients did not connect",
    );

    const sent = new Map<string, { box: number; raw: Uint8Array }>();
    const acked = new Set<string>();
    const unknown = new Set<string>();
    const send = async (i: number, marker: string) => {
      const box = i % MAILBOXES;
      const raw = generatedMail(i, boxes[box].address, marker);
      sent.set(marker, { box, raw });
      try {
        const r = await deliver(svc.url, "load@service.example", boxes[box].address, raw);
        (r.status === 200 ? acked : unknown).add(marker);
      } catch {
        unknown.add(marker); // cut off by the stop: it may or may not have been stored
      }
    };

    // Phase 1: keep 16 deliveries in flight; stop the service under them.
    let stopped: Promise<void> | null = null;
    await runPool(BEFORE_STOP * 2, 16, async (i) => {
      if (stopped) return;
      if (acked.size >= BEFORE_STOP) {
        stopped = svc.stop();
        services.pop(); // stop() is not safe to call twice
        return;
      }
      await send(i, `R${i}`);
    });
    await stopped;
    const ackedBefore = acked.size;
    expect(ackedBefore).toBeGreaterThanOrEqual(BEFORE_STOP);

    // Same state, new process (and a new port); clients find it on their own.
    for (const c of clients) c.base = "http://127.0.0.1:1"; // refused until the new URL is known
    svc = await startService({ persistDir, vars });
    services.push(svc);
    for (const c of clients) c.base = svc.url;

    // Phase 2: more mail on the restarted service, all of it accepted.
    await runPool(AFTER, 16, (k) => send(BEFORE_STOP * 2 + k, `A${k}`));
    const lateFailures = [...unknown].filter((m) => m.startsWith("A"));
    expect(lateFailures).toEqual([]);

    for (const [k, b] of boxes.entries()) {
      const stored = await listAll(svc.url, b.address, b.token);
      const markers = stored.map((m) => markerOf(m.subject));
      // Gap-free ids, nothing twice, nothing we never sent.
      expect(
        stored.map((m) => m.id),
        b.address,
      ).toEqual(range(stored.length));
      expect(new Set(markers).size, b.address).toBe(markers.length);
      for (const m of markers) expect(acked.has(m) || unknown.has(m), `${b.address} holds ${m}`).toBe(true);
      // Every acknowledged mail is there, raw byte-identical.
      const ids = new Map(stored.map((m) => [markerOf(m.subject), m.id]));
      for (const [marker, s] of sent) {
        if (s.box !== k || !acked.has(marker)) continue;
        const id = ids.get(marker);
        expect(id, `${marker} acknowledged but missing from ${b.address}`).toBeDefined();
        const raw = await http(`${svc.url}/api/v1/mailboxes/${b.address}/messages/${id}/raw`, {
          headers: { Authorization: `Bearer ${b.token}` },
        });
        expect(raw.status).toBe(200);
        expect(Buffer.compare(raw.body, Buffer.from(s.raw)), `${marker} raw`).toBe(0);
      }
      // The subscriber caught up, saw each id once in order, and the same mail under each id.
      const c = clients[k];
      await until(
        () => c.lastId === stored.length,
        30_000,
        () => `${c.address} at ${c.lastId} of ${stored.length}`,
      );
      expect(c.errors).toEqual([]);
      expect(c.seen).toEqual(range(stored.length));
      for (const m of stored) expect(c.subjects.get(m.id), `${c.address} id ${m.id}`).toBe(m.subject);
    }
    for (const c of clients) c.stop();
    console.log(`restart: ${ackedBefore} acknowledged before the stop, ${unknown.size} cut off, ${AFTER} after`);
  });
});
