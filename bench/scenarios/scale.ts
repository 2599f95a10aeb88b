// Scale: N mailboxes created, one mail delivered to each (every delivery meets
// an object that has just been created and has gone cold, as new addresses do),
// for growing N on one service: mails/s, accept latency, and what the state
// directory grows by per mailbox. A flat curve says no shared structure grows with N.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { deliver } from "../lib/http.ts";
import { generatedMail } from "../lib/mail.ts";
import { claimMany } from "../lib/mailbox.ts";
import { runPool } from "../lib/pool.ts";
import { now, round, type Summary, summarize } from "../lib/stats.ts";

export interface ScaleLevel {
  mailboxes: number;
  /** creating the N addresses (POST /api/v1/addresses, 16 at a time) */
  claimsPerSec: number;
  mailsPerSec: number;
  accept: Summary;
  failed: number;
  /** growth of the persisted state directory over this level, per mailbox (created and one mail) */
  bytesPerMailbox: number;
  /** one at a time to up to 100 of them: after 15 s idle (the local runtime has evicted every object), then at once again */
  cold: Summary;
  warm: Summary;
}

/** Delivers one mail to each address one at a time; the accept latencies. */
async function oneEach(base: string, addresses: string[], tag: string): Promise<Summary> {
  const latencies: number[] = [];
  for (const [i, to] of addresses.entries()) {
    const start = now();
    const r = await deliver(base, "no-reply@service.example", to, generatedMail(i * 3, to, `${tag}-${i}`));
    latencies.push(now() - start);
    if (r.status !== 200) throw new Error(`${tag} delivery to ${to}: ${r.status}`);
  }
  return summarize(latencies);
}

/** Bytes of every file under `dir`. */
function treeBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += treeBytes(p);
    // an object closing its database removes its -wal and -shm between the listing and this
    else if (e.isFile()) n += statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  }
  return n;
}

export async function runScale(
  base: string,
  persistDir: string,
  levels: number[],
  run: string,
  log: (line: string) => void,
  concurrency = 32,
): Promise<ScaleLevel[]> {
  const out: ScaleLevel[] = [];
  for (const n of levels) {
    const before = treeBytes(persistDir);
    const t0 = now();
    const boxes = await claimMany(base, `sc-${run}-${n}`, n);
    const claimsPerSec = round(n / ((now() - t0) / 1000), 1);
    const latencies: number[] = [];
    let failed = 0;
    const t1 = now();
    await runPool(n, concurrency, async (i) => {
      const to = boxes[i].address;
      const start = now();
      const r = await deliver(base, "no-reply@service.example", to, generatedMail(i, to, `sc-${i}`));
      latencies.push(now() - start);
      if (r.status !== 200) failed++;
    });
    const mailsPerSec = round(n / ((now() - t1) / 1000), 1);
    // Give the runtime a moment to flush its write-ahead logs into the databases.
    await new Promise((r) => setTimeout(r, 2000));
    const sample = boxes.slice(0, 100).map((b) => b.address);
    await new Promise((r) => setTimeout(r, 15_000));
    const cold = await oneEach(base, sample, "cold");
    const warm = await oneEach(base, sample, "warm");
    const level: ScaleLevel = {
      mailboxes: n,
      claimsPerSec,
      mailsPerSec,
      accept: summarize(latencies),
      failed,
      bytesPerMailbox: Math.round((treeBytes(persistDir) - before) / n),
      cold,
      warm,
    };
    log(
      `scale N=${n}: ${claimsPerSec} claims/s, ${mailsPerSec} mails/s, accept p50/p95 ${level.accept.p50}/${level.accept.p95} ms, ` +
        `${level.bytesPerMailbox} bytes per mailbox, failed ${failed}; one at a time cold/warm p50 ${cold.p50}/${warm.p50} ms`,
    );
    out.push(level);
  }
  return out;
}
