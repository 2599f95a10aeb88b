// Reads as a mailbox grows: list the newest 50 and fetch one message at
// 10, 1,000 and 10,000 mails in one mailbox; and the WebSocket replay of
// 1,000 missed mails on reconnect.
import { deliver, http } from "../lib/http.ts";
import { generatedMail } from "../lib/mail.ts";
import { authed, type Claimed, claim, subscribe } from "../lib/mailbox.ts";
import { runPool } from "../lib/pool.ts";
import { now, round, type Summary, summarize } from "../lib/stats.ts";

export interface ReadLevel {
  mails: number;
  /** GET /api/v1/config, no object and no credential: the runtime's own floor, measured alongside */
  floor: Summary;
  /** GET /api/bench/floor/{address}: the same route work plus one no-op call to this mailbox's object (BENCH_FLOOR_ROUTE) */
  objectFloor: Summary;
  /** the newest 50 again, nothing changed since the last list (the object keeps that page) */
  list50: Summary;
  /** the newest 50 right after a change to the folder (an untimed mark-read first): read from SQLite */
  list50Changed: Summary;
  /** the newest 50 right after a new mail (an untimed delivery first): the kept page with the mail on top */
  list50Arrived: Summary;
  fetchOne: Summary;
  /** ms from opening the socket to the last of 1,000 replayed frames (runs sorted) */
  replay1000: { runs: number[]; p50: number; min: number } | null;
}

async function fill(base: string, m: Claimed, from: number, to: number, concurrency: number): Promise<void> {
  await runPool(to - from, concurrency, async (k) => {
    const i = from + k;
    // Mostly small verification mails, every third a larger HTML/attachment one.
    const raw = generatedMail(i, m.address, `r-${i}`);
    const r = await deliver(base, "no-reply@service.example", m.address, raw);
    if (r.status !== 200) throw new Error(`fill ${i}: ${r.status} ${r.body}`);
  });
}

async function replay(base: string, m: Claimed, latest: number, missed: number): Promise<number> {
  const since = latest - missed;
  const t0 = now();
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let seen = 0;
  const sub = await subscribe(base, m, since);
  for (const f of sub.frames) if (f.frame.type === "message" && ++seen === missed) resolveDone();
  sub.onFrame = (f) => {
    if (f.type === "message" && ++seen === missed) resolveDone();
  };
  await done;
  const ms = now() - t0;
  sub.close();
  return ms;
}

async function markNewest(base: string, address: string, id: number, seen: boolean, headers: Record<string, string>): Promise<void> {
  const r = await http(`${base}/api/v1/mailboxes/${address}/messages/${id}`, {
    method: "PATCH",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ seen }),
  });
  if (r.status !== 200) throw new Error(`mark ${id}: ${r.status} ${r.body}`);
}

export async function runRead(
  base: string,
  opts: { levels: number[]; requests: number; replays: number; run: string; fillConcurrency: number },
  log: (line: string) => void,
): Promise<ReadLevel[]> {
  const m = await claim(base, `read-${opts.run}`);
  const out: ReadLevel[] = [];
  let have = 0;
  for (const level of opts.levels) {
    const t0 = now();
    await fill(base, m, have, level, opts.fillConcurrency);
    log(`read: filled to ${level} mails in ${round((now() - t0) / 1000, 1)} s`);
    have = level;
    const headers = authed(m.token);
    // The requests take turns, one of each per round: a burst of load on the shared
    // machine then lands on all of them alike, and their differences stay honest.
    const listNewest = async () => {
      const r = await http(`${base}/api/v1/mailboxes/${m.address}/messages?limit=50`, { headers });
      if (r.status !== 200) throw new Error(`list: ${r.status} ${r.body}`);
    };
    const kinds = {
      floor: async () => {
        const r = await http(`${base}/api/v1/config`);
        if (r.status !== 200) throw new Error(`config: ${r.status}`);
      },
      objectFloor: async () => {
        const r = await http(`${base}/api/bench/floor/${m.address}`);
        if (r.status !== 200) throw new Error(`bench floor: ${r.status} (is BENCH_FLOOR_ROUTE on?)`);
      },
      list50: listNewest,
      // the same request; the loop below marks the newest mail read or delivers one first, untimed
      list50Changed: listNewest,
      list50Arrived: listNewest,
      fetchOne: async (i: number) => {
        const id = 1 + ((i * 7919) % level);
        const r = await http(`${base}/api/v1/mailboxes/${m.address}/messages/${id}`, { headers });
        if (r.status !== 200) throw new Error(`fetch ${id}: ${r.status} ${r.body}`);
      },
    };
    const samples = {
      floor: [] as number[],
      objectFloor: [] as number[],
      list50: [] as number[],
      list50Changed: [] as number[],
      list50Arrived: [] as number[],
      fetchOne: [] as number[],
    };
    for (let i = 0; i < opts.requests; i++) {
      for (const k of Object.keys(kinds) as (keyof typeof kinds)[]) {
        // Untimed, before its list: the newest mail (ids follow arrival: the fill's last plus one
        // per round so far) marked read or unread in turn, or one more mail delivered.
        if (k === "list50Changed") await markNewest(base, m.address, level + i, i % 2 === 0, headers);
        if (k === "list50Arrived") await fill(base, m, level + i, level + i + 1, 1);
        const t0 = now();
        await kinds[k](i);
        samples[k].push(now() - t0);
      }
    }
    const [floor, objectFloor, list50, list50Changed, list50Arrived, fetchOne] = [
      samples.floor,
      samples.objectFloor,
      samples.list50,
      samples.list50Changed,
      samples.list50Arrived,
      samples.fetchOne,
    ].map(summarize);
    have = level + opts.requests;
    let replay1000: ReadLevel["replay1000"] = null;
    if (level >= 1000) {
      const runs: number[] = [];
      for (let k = 0; k < opts.replays; k++) runs.push(round(await replay(base, m, level, 1000)));
      runs.sort((a, b) => a - b);
      replay1000 = { runs, p50: runs[Math.floor((runs.length - 1) / 2)], min: runs[0] };
    }
    log(
      `read @${level}: floor p50/p95 ${floor.p50}/${floor.p95} ms, object floor ${objectFloor.p50}/${objectFloor.p95} ms, list50 p50/p95 ${list50.p50}/${list50.p95} ms (after a change ${list50Changed.p50}/${list50Changed.p95}, after a new mail ${list50Arrived.p50}/${list50Arrived.p95}), fetch p50/p95 ${fetchOne.p50}/${fetchOne.p95} ms` +
        (replay1000 ? `, replay 1000 p50 ${replay1000.p50} ms` : ""),
    );
    out.push({ mails: level, floor, objectFloor, list50, list50Changed, list50Arrived, fetchOne, replay1000 });
  }
  return out;
}
