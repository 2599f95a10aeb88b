// Ingest and its ceiling: N mails over M mailboxes at concurrency C, posted
// to the local email endpoint of Pigeonhole and, taking turns slice by slice
// with the very same mails, of a no-op Worker. The ratio is the honest figure: the endpoint
// itself (parse, capture) costs most of the time on a small machine.
import { deliver, type HttpResult } from "../lib/http.ts";
import { type CorpusMail, DOMAIN, mailAt } from "../lib/mail.ts";
import { claimMany } from "../lib/mailbox.ts";
import { runPool } from "../lib/pool.ts";
import { now, round, type Summary, summarize } from "../lib/stats.ts";

export interface IngestCell {
  mailboxes: number;
  concurrency: number;
  mails: number;
}

export interface IngestSide {
  mailsPerSec: number;
  accept: Summary;
  ok: number;
  failed: number;
  firstFailure: string | null;
  bytes: number;
}

export interface IngestResult extends IngestCell {
  pigeonhole: IngestSide;
  noop: IngestSide;
  /** pigeonhole mails/s ÷ no-op mails/s */
  ratio: number;
}

/** One side's running totals over all its slices. */
export class Side {
  latencies: number[] = [];
  ok = 0;
  failed = 0;
  bytes = 0;
  ms = 0;
  firstFailure: string | null = null;

  result(): IngestSide {
    return {
      mailsPerSec: round(this.latencies.length / (this.ms / 1000), 1),
      accept: summarize(this.latencies),
      ok: this.ok,
      failed: this.failed,
      firstFailure: this.firstFailure,
      bytes: this.bytes,
    };
  }
}

/** Delivers mails [from, to) of the cell at its concurrency, adding to `side`. */
export async function drive(
  base: string,
  addresses: string[],
  cell: IngestCell,
  from: number,
  to: number,
  corpus: CorpusMail[],
  tag: string,
  side: Side,
): Promise<void> {
  const t0 = now();
  await runPool(to - from, cell.concurrency, async (k) => {
    const i = from + k;
    const rcpt = addresses[i % addresses.length];
    const mail = mailAt(i, rcpt, corpus, tag);
    const start = now();
    let r: HttpResult;
    try {
      r = await deliver(base, mail.from, rcpt, mail.raw);
    } catch (err) {
      r = { status: 0, headers: {}, body: Buffer.from(String(err)) };
    }
    side.latencies.push(now() - start);
    side.bytes += mail.raw.byteLength;
    if (r.status === 200) side.ok++;
    else {
      side.failed++;
      side.firstFailure ??= `${r.status} ${r.body.toString("utf8").slice(0, 200)}`;
    }
  });
  side.ms += now() - t0;
}

/**
 * The cell's mails to both Workers: same recipients, same bytes, same order (the no-op Worker
 * needs no claim). The two sides take turns slice by slice, so both see the same background
 * load (other processes share these cores) and the ratio stays honest.
 */
export async function takeTurns(
  base: string,
  noopBase: string,
  addresses: string[],
  cell: IngestCell,
  corpus: CorpusMail[],
  prefix: string,
  slices: number,
): Promise<{ ours: IngestSide; noop: IngestSide }> {
  const noopSide = new Side();
  const ourSide = new Side();
  const slice = Math.max(cell.concurrency * 4, Math.ceil(cell.mails / slices));
  // One slice each first, not counted: code compiled and objects awake on both sides, so the
  // first cell does not charge Pigeonhole's larger bundle its JIT warm-up (same mails, then reused).
  const warm = Math.min(slice, cell.mails);
  await drive(noopBase, addresses, cell, 0, warm, corpus, `${prefix}-warm`, new Side());
  await drive(base, addresses, cell, 0, warm, corpus, `${prefix}-warm`, new Side());
  for (let from = 0; from < cell.mails; from += slice) {
    const to = Math.min(cell.mails, from + slice);
    await drive(noopBase, addresses, cell, from, to, corpus, prefix, noopSide);
    await drive(base, addresses, cell, from, to, corpus, prefix, ourSide);
  }
  return { ours: ourSide.result(), noop: noopSide.result() };
}

export async function runIngest(
  base: string,
  noopBase: string,
  cells: IngestCell[],
  corpus: CorpusMail[],
  run: string,
  log: (line: string) => void,
  slices = 5,
): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for (const cell of cells) {
    const prefix = `in-${run}-${cell.mailboxes}-${cell.concurrency}`;
    const boxes = await claimMany(base, prefix, cell.mailboxes);
    const { ours, noop } = await takeTurns(
      base,
      noopBase,
      boxes.map((b) => b.address),
      cell,
      corpus,
      prefix,
      slices,
    );
    const r: IngestResult = { ...cell, pigeonhole: ours, noop, ratio: round(ours.mailsPerSec / noop.mailsPerSec, 3) };
    log(
      `ingest M=${cell.mailboxes} C=${cell.concurrency} N=${cell.mails}: ${ours.mailsPerSec}/s vs no-op ${noop.mailsPerSec}/s ` +
        `(${Math.round(r.ratio * 100)}%), p50/p95/p99 ${ours.accept.p50}/${ours.accept.p95}/${ours.accept.p99} ms` +
        (ours.failed || noop.failed ? `, failed ${ours.failed}/${noop.failed}: ${ours.firstFailure ?? noop.firstFailure}` : ""),
    );
    out.push(r);
  }
  return out;
}

/** Keeps the corpus messages the local endpoint accepts (it refuses some before any Worker runs). */
export async function acceptedCorpus(noopBase: string, corpus: CorpusMail[]): Promise<{ kept: CorpusMail[]; refused: string[] }> {
  const kept: CorpusMail[] = [];
  const refused: string[] = [];
  for (const c of corpus) {
    const r = await deliver(noopBase, c.from, `probe@${DOMAIN}`, c.raw);
    (r.status === 200 ? kept : refused).push(c as never);
  }
  return { kept, refused: refused.map((c: any) => c.name) };
}
