// The bench's plain-text tables, one per scenario that ran, and the goals.
import type { Goal } from "./report.ts";
import type { ChurnResult } from "./scenarios/churn.ts";
import type { CodesSize } from "./scenarios/codes.ts";
import type { DirectoryIngestResult } from "./scenarios/directory.ts";
import type { IngestCell, IngestResult, IngestSide } from "./scenarios/ingest.ts";
import type { McpResult } from "./scenarios/mcp.ts";
import type { ParseResult } from "./scenarios/parse.ts";
import type { PushResult } from "./scenarios/push.ts";
import type { ReadLevel } from "./scenarios/read.ts";
import type { ScaleLevel } from "./scenarios/scale.ts";

function table(title: string, head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  console.log(`\n${title}`);
  for (const [k, r] of cells.entries()) {
    console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ")}`);
    if (k === 0) console.log(`  ${w.map((n) => "-".repeat(n)).join("  ")}`);
  }
}

/** One ingest cell, the measured side against the one it is compared with. */
function sideBySide(c: IngestCell & { ratio: number }, a: IngestSide, b: IngestSide): (string | number)[] {
  const [x, y] = [a.accept, b.accept];
  const rates = [a.mailsPerSec, b.mailsPerSec, `${Math.round(c.ratio * 100)}%`];
  return [c.mailboxes, c.concurrency, c.mails, ...rates, x.p50, x.p95, x.p99, y.p50, y.p95, `${a.failed}/${b.failed}`];
}

export function printTables(r: Record<string, any>): void {
  const env = r.env;
  console.log(
    `\nPigeonhole bench ${env.date} (commit ${env.commit}), node ${env.node}, ${env.cpus} CPUs, ` +
      `load ${env.loadavgBefore.join("/")} → ${env.loadavgAfter.join("/")}, ${r.seconds} s`,
  );
  if (r.ingest) {
    table(
      "ingest (local email endpoint; accept latency in ms)",
      ["mailboxes", "C", "mails", "mails/s", "no-op/s", "ratio", "p50", "p95", "p99", "no-op p50", "no-op p95", "failed"],
      (r.ingest as IngestResult[]).map((c) => sideBySide(c, c.pigeonhole, c.noop)),
    );
  }
  if (r.churn) {
    const c = r.churn as ChurnResult;
    table(
      "ingest while subscribers drop and resume (accept latency in ms)",
      [
        "mailboxes",
        "subscribers",
        "C",
        "mails",
        "mails/s",
        "no-op/s",
        "ratio",
        "p50",
        "p95",
        "reconnects",
        "frames",
        "missing",
        "dup",
        "out of order",
      ],
      [
        [
          c.mailboxes,
          c.subscribers,
          c.concurrency,
          c.mails,
          c.pigeonhole.mailsPerSec,
          c.noop.mailsPerSec,
          `${Math.round(c.ratio * 100)}%`,
          c.pigeonhole.accept.p50,
          c.pigeonhole.accept.p95,
          c.reconnects,
          c.frames,
          c.missing,
          c.duplicates,
          c.outOfOrder,
        ],
      ],
    );
  }
  if (r.scale) {
    table(
      "scale (N new mailboxes, one mail each, C=32; accept latency in ms)",
      ["mailboxes", "claims/s", "mails/s", "p50", "p95", "p99", "bytes/mailbox", "failed", "cold p50", "cold p95", "warm p50", "warm p95"],
      (r.scale as ScaleLevel[]).map((l) => [
        l.mailboxes,
        l.claimsPerSec,
        l.mailsPerSec,
        l.accept.p50,
        l.accept.p95,
        l.accept.p99,
        l.bytesPerMailbox,
        l.failed,
        l.cold.p50,
        l.cold.p95,
        l.warm.p50,
        l.warm.p95,
      ]),
    );
  }
  if (r.large) {
    table(
      "20 MB mail (ms)",
      ["bytes", "runs", "POST → frame p50", "max", "POST answered p50"],
      [[r.large.bytes, r.large.runs, r.large.frame.p50, r.large.frame.max, r.large.accept.p50]],
    );
  }
  if (r.directory) {
    table(
      `directory (${r.directory.addresses} addresses, ${r.directory.blocklist} blocked patterns) against an empty one`,
      ["mailboxes", "C", "mails", "full/s", "empty/s", "ratio", "full p50", "full p95", "full p99", "empty p50", "empty p95", "failed"],
      (r.directory.cells as DirectoryIngestResult[]).map((c) => sideBySide(c, c.full, c.empty)),
    );
  }
  if (r.push) {
    table(
      "push latency (delivery POST → WebSocket frame, ms)",
      ["sockets", "deliveries", "p50", "p95", "p99", "max", "last-socket p95", "accept p50"],
      (r.push as PushResult[]).map((p) => [
        p.sockets,
        p.deliveries,
        p.frame.p50,
        p.frame.p95,
        p.frame.p99,
        p.frame.max,
        p.lastSocket.p95,
        p.accept.p50,
      ]),
    );
  }
  if (r.read) {
    table(
      "read (one mailbox, ms)",
      [
        "mails",
        "floor p50",
        "floor p95",
        "object p50",
        "object p95",
        "list50 p50",
        "list50 p95",
        "changed p50",
        "changed p95",
        "new mail p50",
        "new mail p95",
        "fetch p50",
        "fetch p95",
        "replay 1000 p50",
        "replay min",
      ],
      (r.read as ReadLevel[]).map((l) => [
        l.mails,
        l.floor.p50,
        l.floor.p95,
        l.objectFloor.p50,
        l.objectFloor.p95,
        l.list50.p50,
        l.list50.p95,
        l.list50Changed?.p50 ?? "-",
        l.list50Changed?.p95 ?? "-",
        l.list50Arrived?.p50 ?? "-",
        l.list50Arrived?.p95 ?? "-",
        l.fetchOne.p50,
        l.fetchOne.p95,
        l.replay1000?.p50 ?? "-",
        l.replay1000?.min ?? "-",
      ]),
    );
  }
  if (r.parse) {
    const p = (r.parse as ParseResult).postalMime;
    table(
      `parse (Node, ${r.parse.source ?? "corpus"})`,
      ["parser", "messages", "MB", "best round ms", "MB/s", "p50 ms", "p95 ms"],
      [["postal-mime", p.messages, (p.bytes / 1e6).toFixed(2), p.bestRoundMs, p.mbPerSec, p.perMessage.p50, p.perMessage.p95]],
    );
    console.log(`  wasm-parser: ${(r.parse as ParseResult).wasm.note}`);
  }
  if (r.codes) {
    const sizes = r.codes as CodesSize[];
    table(
      "codes (find codes and links + snippet text, best of N, ms)",
      ["mail", ...sizes.map((s) => `${s.chars} chars`)],
      [["plain", ...sizes.map((s) => s.plainMs)], ...sizes[0].cases.map((c, i) => [c.name, ...sizes.map((s) => s.cases[i].ms)])],
    );
  }
  if (r.mcp) {
    const m = r.mcp as McpResult;
    table(
      `mcp (official MCP client, one API key; ${m.rounds} code mails, ms)`,
      ["measure", "p50", "p95", "p99", "max"],
      [
        ["delivery → wait_for_code returned", m.codeReturned.p50, m.codeReturned.p95, m.codeReturned.p99, m.codeReturned.max],
        ["delivery POST answered", m.accept.p50, m.accept.p95, m.accept.p99, m.accept.max],
        ["tools/call floor (list_messages)", m.toolFloor.p50, m.toolFloor.p95, m.toolFloor.p99, m.toolFloor.max],
      ],
    );
  }
  if (r.goals?.length) {
    table(
      "goals",
      ["goal", "measured", "met"],
      (r.goals as Goal[]).map((g) => [g.goal, g.measured, g.met === null ? "-" : g.met ? "yes" : "NO"]),
    );
  }
}
