// The bench's goals (issue 6, and the wall-clock limits moved out of the tests by issue 16), checked against a run.

import type { ChurnResult } from "./scenarios/churn.ts";
import type { CodesSize } from "./scenarios/codes.ts";
import type { DirectoryIngestResult } from "./scenarios/directory.ts";
import type { IngestResult } from "./scenarios/ingest.ts";
import type { OutboxResult } from "./scenarios/outbox.ts";
import type { PushResult } from "./scenarios/push.ts";
import type { ReadLevel } from "./scenarios/read.ts";
import type { WebResult } from "./scenarios/web.ts";

export interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

export function goals(r: Record<string, any>): Goal[] {
  const out: Goal[] = [];
  const push = (r.push as PushResult[] | undefined)?.find((p) => p.sockets === 1);
  if (push) {
    out.push({ goal: "push p50 ≤ 12 ms (1 socket)", measured: `${push.frame.p50} ms`, met: push.frame.p50 <= 12 });
    out.push({ goal: "push p95 ≤ 30 ms (1 socket)", measured: `${push.frame.p95} ms`, met: push.frame.p95 <= 30 });
  }
  const read = (r.read as ReadLevel[] | undefined)?.find((l) => l.mails >= 10_000);
  if (read) {
    out.push({
      goal: "list p95 ≤ 10 ms at 10k mails",
      measured: `${read.list50.p95} ms (runtime floor p95 ${read.floor.p95} ms)`,
      met: read.list50.p95 <= 10,
    });
    for (const [what, s] of [
      ["list-50", read.list50],
      ["list-50 after a change", read.list50Changed],
      ["list-50 after a new mail", read.list50Arrived],
      ["fetch-one", read.fetchOne],
    ] as const) {
      const over = Math.round((s.p50 - read.objectFloor.p50) * 100) / 100;
      out.push({
        goal: `${what} p50 within 0.5 ms of the object floor at 10k mails`,
        measured: `+${over} ms (${s.p50} vs ${read.objectFloor.p50} ms)`,
        met: over <= 0.5,
      });
    }
  }
  if (r.large)
    out.push({ goal: "20 MB mail: POST → frame p50 ≤ 1.5 s", measured: `${r.large.frame.p50} ms`, met: r.large.frame.p50 <= 1500 });
  const ingest = (r.ingest as IngestResult[] | undefined)?.filter((c) => c.concurrency >= 32) ?? [];
  for (const c of ingest) {
    // issue 15: 85% over 1 and 100 mailboxes; 75% over 1,000, where each mail meets a cold object
    const share = c.mailboxes >= 1000 ? 0.75 : 0.85;
    out.push({
      goal: `ingest C=${c.concurrency} M=${c.mailboxes} ≥ ${share * 100}% of no-op`,
      measured: `${Math.round(c.ratio * 100)}% (${c.pigeonhole.mailsPerSec} vs ${c.noop.mailsPerSec} mails/s)`,
      met: c.ratio >= share,
    });
  }
  const churn = r.churn as ChurnResult | undefined;
  if (churn) {
    // the external check: 50 mailboxes, 20 subscribers dropping and resuming, C=32
    out.push({
      goal: `ingest with ${churn.subscribers} subscribers dropping and resuming, M=${churn.mailboxes} C=${churn.concurrency}: ≥ 85% of no-op`,
      measured: `${Math.round(churn.ratio * 100)}% (${churn.pigeonhole.mailsPerSec} vs ${churn.noop.mailsPerSec} mails/s)`,
      met: churn.ratio >= 0.85,
    });
    out.push({
      goal: "every subscriber ends with every mail of its mailbox, each once and in order",
      measured: `${churn.missing} missing, ${churn.duplicates} duplicates, ${churn.outOfOrder} out of order over ${churn.reconnects} reconnects`,
      met: churn.missing === 0 && churn.duplicates === 0 && churn.outOfOrder === 0,
    });
  }
  const directory = r.directory as { addresses: number; blocklist: number; cells: DirectoryIngestResult[] } | undefined;
  for (const c of directory?.cells ?? []) {
    out.push({
      goal: `ingest with ${directory!.addresses} addresses and ${directory!.blocklist} blocked patterns within 5% of an empty directory (C=${c.concurrency})`,
      measured: `${Math.round(c.ratio * 100)}% (${c.full.mailsPerSec} vs ${c.empty.mailsPerSec} mails/s; accept p50 ${c.full.accept.p50} vs ${c.empty.accept.p50} ms)`,
      met: c.ratio >= 0.95,
    });
  }
  if (ingest.length >= 2) {
    const ratios = ingest.map((c) => c.ratio);
    const spread = Math.max(...ratios) - Math.min(...ratios);
    out.push({
      goal: "ingest ratio flat as mailboxes grow (spread ≤ 10 points)",
      measured: `${Math.round(spread * 100)} points`,
      met: spread <= 0.1,
    });
  }
  const codes = (r.codes as CodesSize[] | undefined)?.at(-1);
  if (codes) {
    out.push({
      goal: `codes: hostile mail ≤ plain + 50 ms (${codes.chars} chars)`,
      measured: `worst +${codes.worst.overPlain} ms (${codes.worst.name}: ${codes.worst.ms} vs plain ${codes.plainMs} ms)`,
      met: codes.worst.overPlain <= 50,
    });
  }
  // Wall-clock goals that used to be assertions in npm test (issue 16): a busy machine must not fail the tests.
  const web = r.web as WebResult | undefined;
  if (web) {
    out.push({
      goal: "web inbox: a delivered mail visible ≤ 1000 ms (max)",
      measured: `${web.visible.max} ms`,
      met: web.visible.max <= 1000,
    });
  }
  const outbox = r.outbox as OutboxResult | undefined;
  if (outbox) {
    out.push({ goal: "Telegram push p50 ≤ 1000 ms (delivery → Bot API)", measured: `${outbox.push.p50} ms`, met: outbox.push.p50 <= 1000 });
    out.push({
      goal: "delivery while the Bot API hangs: p50 ≤ 100 ms, max ≤ 1000 ms",
      measured: `${outbox.deliveryDown.p50} / ${outbox.deliveryDown.max} ms`,
      met: outbox.deliveryDown.p50 <= 100 && outbox.deliveryDown.max <= 1000,
    });
  }
  return out;
}
