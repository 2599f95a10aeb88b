// Ingest and its ceiling: N mails over M mailboxes at concurrency C, posted
// to the local email endpoint of Pigeonhole and, side by side with the very
// same mails, of a no-op Worker. The ratio is the honest figure: the endpoint
// itself (parse, capture) costs most of the time on a small machine.
import { deliver, type HttpResult } from "../lib/http.ts";
import { claimMany } from "../lib/mailbox.ts";
import { mailAt, type CorpusMail, DOMAIN } from "../lib/mail.ts";
import { runPool } from "../lib/pool.ts";
import { now, round, summarize, type Summary } from "../lib/stats.ts";

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

async function drive(base: string, addresses: string[], cell: IngestCell, corpus: CorpusMail[], tag: string): Promise<IngestSide> {
  const latencies: number[] = new Array(cell.mails);
  let ok = 0;
  let failed = 0;
  let bytes = 0;
  let firstFailure: string | null = null;
  const t0 = now();
  await runPool(cell.mails, cell.concurrency, async (i) => {
    const to = addresses[i % addresses.length];
    const mail = mailAt(i, to, corpus, tag);
    const start = now();
    let r: HttpResult;
    try {
      r = await deliver(base, mail.from, to, mail.raw);
    } catch (err) {
      r = { status: 0, headers: {}, body: Buffer.from(String(err)) };
    }
    latencies[i] = now() - start;
    bytes += mail.raw.byteLength;
    if (r.status === 200) ok++;
    else {
      failed++;
      firstFailure ??= `${r.status} ${r.body.toString("utf8").slice(0, 200)}`;
    }
  });
  const seconds = (now() - t0) / 1000;
  return { mailsPerSec: round(cell.mails / seconds, 1), accept: summarize(latencies), ok, failed, firstFailure, bytes };
}

export async function runIngest(
  base: string,
  noopBase: string,
  cells: IngestCell[],
  corpus: CorpusMail[],
  run: string,
  log: (line: string) => void,
): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for (const cell of cells) {
    const prefix = `in-${run}-${cell.mailboxes}-${cell.concurrency}`;
    const boxes = await claimMany(base, prefix, cell.mailboxes);
    const addresses = boxes.map((b) => b.address);
    // Same recipients, same bytes, same order; the no-op Worker needs no claim.
    const noop = await drive(noopBase, addresses.length ? addresses : [`x@${DOMAIN}`], cell, corpus, prefix);
    const ours = await drive(base, addresses, cell, corpus, prefix);
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
