// Ingest while subscribers come and go: the external check (M mailboxes,
// S WebSocket clients that drop and resume from the last id they saw, C=32,
// taking turns with the no-op Worker). Besides the ratio it proves the resume:
// at the end every subscriber holds every mail of its mailbox, each once.
import { http, json } from "../lib/http.ts";
import type { CorpusMail } from "../lib/mail.ts";
import { authed, type Claimed, claimMany, type Frame, type Subscriber, subscribe } from "../lib/mailbox.ts";
import { round } from "../lib/stats.ts";
import { type IngestCell, type IngestSide, takeTurns } from "./ingest.ts";

export interface ChurnResult extends IngestCell {
  subscribers: number;
  pigeonhole: IngestSide;
  noop: IngestSide;
  ratio: number;
  /** sockets opened again after a drop, over all subscribers */
  reconnects: number;
  /** `message` frames received, replays included */
  frames: number;
  /** a message id a subscriber was sent twice */
  duplicates: number;
  /** a frame that was not the next id after the last one the subscriber saw */
  outOfOrder: number;
  /** mails of a subscriber's mailbox it never got, after its last resume */
  missing: number;
  /** the first few of them, as address#id */
  missingSample: string[];
}

/** One client: connected for a while, gone for a while, back from the last id it saw. */
class ChurningSubscriber {
  seen = new Set<number>();
  lastId = 0;
  reconnects = 0;
  frames = 0;
  duplicates = 0;
  outOfOrder = 0;
  private sub: Subscriber | null = null;
  /** which of this client's sockets is the current one */
  private socket = 0;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  private readonly base: string;
  readonly box: Claimed;

  constructor(base: string, box: Claimed) {
    this.base = base;
    this.box = box;
  }

  start(): void {
    this.loop = this.run();
  }

  private async connect(): Promise<void> {
    const socket = ++this.socket;
    const onFrame = (f: Frame) => {
      // A socket we closed may still hand over frames in flight; like partysocket, ignore them,
      // or the resume cursor would jump past what the new socket is still replaying.
      if (f.type !== "message" || this.socket !== socket) return;
      const id = Number(f.message?.id);
      this.frames++;
      // Nothing is deleted here, so each frame must be exactly the next id.
      if (id !== this.lastId + 1) this.outOfOrder++;
      if (this.seen.has(id)) this.duplicates++;
      this.seen.add(id);
      if (id > this.lastId) this.lastId = id;
    };
    this.sub = await subscribe(this.base, this.box, this.lastId, onFrame);
  }

  private async run(): Promise<void> {
    await this.connect();
    while (!this.stopped) {
      await sleep(200 + Math.random() * 1300);
      this.sub?.close();
      this.sub = null;
      this.socket++;
      if (this.stopped) break;
      await sleep(20 + Math.random() * 280);
      await this.connect();
      this.reconnects++;
    }
  }

  /** Stops churning, then resumes once more and waits until the mailbox's newest id has arrived. */
  async finish(latestId: number): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.sub?.close();
    this.socket++;
    await this.connect();
    const until = Date.now() + 15_000;
    while (this.lastId < latestId && Date.now() < until) await sleep(20);
    this.sub?.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function latestIdOf(base: string, box: Claimed): Promise<{ latestId: number; count: number }> {
  const r = await http(`${base}/api/v1/mailboxes/${box.address}`, { headers: authed(box.token) });
  if (r.status !== 200) throw new Error(`meta ${box.address}: ${r.status} ${r.body}`);
  const meta = json(r);
  return { latestId: Number(meta.latestId), count: Number(meta.count) };
}

export async function runChurnIngest(
  base: string,
  noopBase: string,
  cell: IngestCell & { subscribers: number },
  corpus: CorpusMail[],
  run: string,
  log: (line: string) => void,
  slices = 5,
): Promise<ChurnResult> {
  const prefix = `churn-${run}-${cell.mailboxes}`;
  const boxes = await claimMany(base, prefix, cell.mailboxes);
  const addresses = boxes.map((b) => b.address);
  const subs = Array.from({ length: cell.subscribers }, (_, i) => new ChurningSubscriber(base, boxes[i % boxes.length]));
  for (const s of subs) s.start();
  const { ours, noop } = await takeTurns(base, noopBase, addresses, cell, corpus, prefix, slices);
  let missing = 0;
  const missingSample: string[] = [];
  await Promise.all(
    subs.map(async (s) => {
      const { latestId, count } = await latestIdOf(base, s.box);
      await s.finish(latestId);
      // Ids of one mailbox run 1…latestId with nothing deleted here: each must have arrived.
      for (let id = 1; id <= Math.max(latestId, count); id++) {
        if (s.seen.has(id)) continue;
        missing++;
        if (missingSample.length < 20) missingSample.push(`${s.box.address}#${id}`);
      }
    }),
  );
  const r: ChurnResult = {
    ...cell,
    pigeonhole: ours,
    noop,
    ratio: round(ours.mailsPerSec / noop.mailsPerSec, 3),
    reconnects: subs.reduce((n, s) => n + s.reconnects, 0),
    frames: subs.reduce((n, s) => n + s.frames, 0),
    duplicates: subs.reduce((n, s) => n + s.duplicates, 0),
    outOfOrder: subs.reduce((n, s) => n + s.outOfOrder, 0),
    missing,
    missingSample,
  };
  log(
    `churn M=${cell.mailboxes} C=${cell.concurrency} S=${cell.subscribers} N=${cell.mails}: ${ours.mailsPerSec}/s vs no-op ${noop.mailsPerSec}/s ` +
      `(${Math.round(r.ratio * 100)}%), ${r.reconnects} reconnects, ${r.frames} frames, ${r.duplicates} duplicates, ${r.outOfOrder} out of order, ${r.missing} missing`,
  );
  return r;
}
