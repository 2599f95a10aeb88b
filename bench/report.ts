// The bench's report: plain-text tables, and each goal (issue 6, and the
// wall-clock limits moved out of the tests by issue 16) checked against this run.
import type { CodesSize } from "./scenarios/codes.ts";
import type { DirectoryIngestResult } from "./scenarios/directory.ts";
import type { IngestResult } from "./scenarios/ingest.ts";
import type { McpResult } from "./scenarios/mcp.ts";
import type { OutboxResult } from "./scenarios/outbox.ts";
import type { ParseResult } from "./scenarios/parse.ts";
import type { PushResult } from "./scenarios/push.ts";
import type { ReadLevel } from "./scenarios/read.ts";
import type { ScaleLevel } from "./scenarios/scale.ts";
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

function table(title: string, head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  console.log(`\n${title}`);
  for (const [k, r] of cells.entries()) {
    console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ")}`);
    if (k === 0) console.log(`  ${w.map((n) => "-".repeat(n)).join("  ")}`);
  }
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
      (r.ingest as IngestResult[]).map((c) => [
        c.mailboxes,
        c.concurrency,
        c.mails,
        c.pigeonhole.mailsPerSec,
        c.noop.mailsPerSec,
        `${Math.round(c.ratio * 100)}%`,
        c.pigeonhole.accept.p50,
        c.pigeonhole.accept.p95,
        c.pigeonhole.accept.p99,
        c.noop.accept.p50,
        c.noop.accept.p95,
        `${c.pigeonhole.failed}/${c.noop.failed}`,
      ]),
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
      ["mailboxes", "C", "mails", "full/s", "empty/s", "ratio", "full p50", "full p95", "empty p50", "empty p95", "failed"],
      (r.directory.cells as DirectoryIngestResult[]).map((c) => [
        c.mailboxes,
        c.concurrency,
        c.mails,
        c.full.mailsPerSec,
        c.empty.mailsPerSec,
        `${Math.round(c.ratio * 100)}%`,
        c.full.accept.p50,
        c.full.accept.p95,
        c.empty.accept.p50,
        c.empty.accept.p95,
        `${c.full.failed}/${c.empty.failed}`,
      ]),
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
