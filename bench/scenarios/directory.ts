// Ingest with the directory full (100k addresses, a 1,000-entry blocklist) against
// the same service with an empty one, taking turns slice by slice with the very
// same mails, so both see the same background load: the ratio says whether the
// directory is off the mail path (the goal: within 5%).
import type { CorpusMail } from "../lib/mail.ts";
import { claimMany } from "../lib/mailbox.ts";
import { round } from "../lib/stats.ts";
import { drive, type IngestCell, type IngestSide, Side } from "./ingest.ts";

export interface DirectoryIngestResult extends IngestCell {
  /** the service whose directory holds the addresses and the blocklist */
  full: IngestSide;
  /** the same service with an empty directory */
  empty: IngestSide;
  /** full mails/s ÷ empty mails/s */
  ratio: number;
}

export async function runDirectoryIngest(
  emptyBase: string,
  fullBase: string,
  cells: IngestCell[],
  corpus: CorpusMail[],
  run: string,
  log: (line: string) => void,
  slices = 6,
): Promise<DirectoryIngestResult[]> {
  const out: DirectoryIngestResult[] = [];
  for (const cell of cells) {
    const prefix = `dir-${run}-${cell.mailboxes}-${cell.concurrency}`;
    // The same names on both services: the same recipients, the same bytes, the same order.
    const [boxes] = await Promise.all([claimMany(emptyBase, prefix, cell.mailboxes), claimMany(fullBase, prefix, cell.mailboxes)]);
    const addresses = boxes.map((b) => b.address);
    const empty = new Side();
    const full = new Side();
    const slice = Math.max(cell.concurrency * 4, Math.ceil(cell.mails / slices));
    for (let from = 0, k = 0; from < cell.mails; from += slice, k++) {
      const to = Math.min(cell.mails, from + slice);
      // Who goes first alternates, so neither side always meets a warmer machine.
      if (k % 2 === 0) {
        await drive(emptyBase, addresses, cell, from, to, corpus, prefix, empty);
        await drive(fullBase, addresses, cell, from, to, corpus, prefix, full);
      } else {
        await drive(fullBase, addresses, cell, from, to, corpus, prefix, full);
        await drive(emptyBase, addresses, cell, from, to, corpus, prefix, empty);
      }
    }
    const r: DirectoryIngestResult = { ...cell, full: full.result(), empty: empty.result(), ratio: 0 };
    r.ratio = round(r.full.mailsPerSec / r.empty.mailsPerSec, 3);
    log(
      `directory ingest M=${cell.mailboxes} C=${cell.concurrency} N=${cell.mails}: full ${r.full.mailsPerSec}/s vs empty ${r.empty.mailsPerSec}/s ` +
        `(${Math.round(r.ratio * 100)}%)` +
        (r.full.failed || r.empty.failed
          ? `, failed ${r.full.failed}/${r.empty.failed}: ${r.full.firstFailure ?? r.empty.firstFailure}`
          : ""),
    );
    out.push(r);
  }
  return out;
}
