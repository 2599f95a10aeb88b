// npm run bench:stages [-- options]: the ingest stage ladder. One service whose
// email() stops after the stage each mail's envelope sender names (bench/stages/),
// the same mails through every stage, the stages taking turns round by round;
// per stage the runtime's CPU per mail (from /proc, steadier than wall time on
// a shared machine) and mails/s, so each step's cost is a difference in one run.
// Options: --mails N (per stage and round, default 200) --rounds R (default 8)
// --mailboxes M (default 100) --concurrency C (default 32) --out FILE.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { startService } from "../test/node/service.ts";
import { benchArgs } from "./lib/args.ts";
import { deliver } from "./lib/http.ts";
import { loadCorpus, mailAt } from "./lib/mail.ts";
import { claimMany } from "./lib/mailbox.ts";
import { runPool } from "./lib/pool.ts";
import { cpuMs, userRuntime } from "./lib/runtime.ts";
import { now, round } from "./lib/stats.ts";
import { STAGES, type Stage } from "./stages/stages.ts";

const opts = benchArgs(
  process.argv.slice(2),
  "npm run bench:stages -- [--mails N] [--rounds R] [--mailboxes M] [--concurrency C] [--out FILE]",
);
const mails = Number(opts.get("mails") ?? 200);
const rounds = Number(opts.get("rounds") ?? 8);
const mailboxes = Number(opts.get("mailboxes") ?? 100);
const concurrency = Number(opts.get("concurrency") ?? 32);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sender = (stage: Stage) => `stage-${stage}@bench.test`;

const svc = await startService({ script: "bench/stages/worker.ts", vars: { MAILBOX_MAX_BYTES: String(4 * 1024 ** 3) } });
try {
  const pid = userRuntime(svc.pid!);
  const run = Date.now().toString(36);
  const boxes = await claimMany(svc.url, `st-${run}`, mailboxes);
  // The local endpoint refuses some corpus messages before any Worker runs: keep the ones it takes.
  const accepted: ReturnType<typeof loadCorpus> = [];
  for (const c of loadCorpus(256 * 1024))
    if ((await deliver(svc.url, sender("none"), boxes[0].address, c.raw)).status === 200) accepted.push(c);
  const totals = new Map(STAGES.map(([s]) => [s, { cpu: 0, ms: 0, mails: 0, failed: 0, passes: [] as number[] }]));
  const load0 = loadavg();
  const pass = async (stage: Stage, count: number) => {
    const t = totals.get(stage)!;
    const cpu0 = cpuMs(pid);
    const t0 = now();
    await runPool(count, concurrency, async (i) => {
      const to = boxes[i % boxes.length].address;
      const mail = mailAt(i, to, accepted, `s-${run}`);
      if ((await deliver(svc.url, sender(stage), to, mail.raw)).status !== 200) t.failed++;
    });
    return { cpu: cpuMs(pid) - cpu0, ms: now() - t0 };
  };
  // Warm-up: every object awake and the code compiled before anything counts.
  for (const [stage] of STAGES) await pass(stage, Math.min(mails, 2 * mailboxes));
  for (const t of totals.values()) t.failed = 0;
  // Each round starts one stage further on: the runtime's deferred work (GC, the objects'
  // alarms) lands on whichever pass is running, and rotating spreads it over all stages alike.
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < STAGES.length; k++) {
      const stage = STAGES[(k + r) % STAGES.length][0];
      const { cpu, ms } = await pass(stage, mails);
      const t = totals.get(stage)!;
      t.cpu += cpu;
      t.ms += ms;
      t.mails += mails;
      t.passes.push(cpu / mails);
    }
  }
  const base = totals.get("none")!;
  // The median pass: one pass that met a major GC or a burst of alarms does not move it.
  const perMail = (s: Stage) => median(totals.get(s)!.passes);
  const rate = (s: Stage) => totals.get(s)!.mails / (totals.get(s)!.ms / 1000);
  const rows = STAGES.map(([stage, what], k) => ({
    stage,
    what,
    cpuMsPerMail: round(perMail(stage), 3),
    stepMs: round(k === 0 ? 0 : perMail(stage) - perMail(STAGES[k - 1][0]), 3),
    mailsPerSec: round(rate(stage), 1),
    ofNone: round(rate(stage) / (base.mails / (base.ms / 1000)), 3),
    failed: totals.get(stage)!.failed,
  }));
  const summary = {
    mails,
    rounds,
    mailboxes,
    concurrency,
    corpus: accepted.length,
    loadavg: [load0, loadavg()].map((l) => l.map((x) => round(x))),
    rows,
  };
  console.log(
    `ingest stages: ${mails} mails × ${rounds} rounds per stage, ${mailboxes} mailboxes, C=${concurrency}, load ${summary.loadavg.map((l) => l[0]).join(" → ")}`,
  );
  console.log("| stage | runtime CPU ms/mail (median pass) | step ms | mails/s | of `none` | failed |");
  console.log("| ----- | -------------------------------: | ------: | ------: | --------: | -----: |");
  for (const r of rows)
    console.log(`| ${r.stage} | ${r.cpuMsPerMail} | ${r.stepMs} | ${r.mailsPerSec} | ${Math.round(r.ofNone * 100)}% | ${r.failed} |`);
  if (opts.get("out")) writeFileSync(opts.get("out")!, `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await svc.stop();
}
process.exit(0);
