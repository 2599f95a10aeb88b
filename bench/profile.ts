// npm run bench:profile [-- options]: samples the runtime process that runs the
// Worker and its Mailbox objects (`wrangler dev`'s user workerd) with Linux perf
// while mail is delivered, and prints where its CPU went per mail, by native
// symbol (SQLite, V8's compiler and GC, wasm, I/O), and by JavaScript function:
// workerd is started with V8's perf map (MINIFLARE_WORKERD_V8_FLAGS), so perf
// names JIT-compiled code too. Needs `perf`.
// Options: --mails N --mailboxes M --concurrency C --idle S (wait S seconds first,
// so every object is cold) --noop 1 (the no-op Worker instead, for its floor) --out FILE.
import { execFileSync, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { startService } from "../test/node/service.ts";
import { benchArgs } from "./lib/args.ts";
import { deliver } from "./lib/http.ts";
import { DOMAIN, loadCorpus, mailAt } from "./lib/mail.ts";
import { claimMany } from "./lib/mailbox.ts";
import { jsFunctions, PERF_MAP_FLAGS } from "./lib/perf-js.ts";
import { runPool } from "./lib/pool.ts";
import { cpuMs, userRuntime } from "./lib/runtime.ts";
import { round } from "./lib/stats.ts";

const opts = benchArgs(
  process.argv.slice(2),
  "npm run bench:profile -- [--mails N] [--mailboxes M] [--concurrency C] [--idle S] [--noop 1] [--out FILE]",
);
const mails = Number(opts.get("mails") ?? 1000);
const mailboxes = Number(opts.get("mailboxes") ?? 100);
const concurrency = Number(opts.get("concurrency") ?? 32);
const idle = Number(opts.get("idle") ?? 0);

/** Which part of the runtime's work a native symbol is (JIT-compiled JavaScript has no symbol perf can read). */
function partOf(s: { kernel: boolean; sym: string }): string {
  const { sym } = s;
  if (s.kernel) return "kernel (sockets, files, scheduling)";
  if (/sqlite3|^json|Vdbe|btree|pager|wal[A-Z]|pcache/i.test(sym)) return "SQLite";
  if (/tcmalloc|TCMalloc|^__mem|^mem/.test(sym)) return "allocation and copying";
  if (sym.startsWith("Builtins_")) return "V8 builtins (running JavaScript)";
  if (/v8::internal|Scavenge|Heap|Marking|Sweeper/.test(sym)) return "V8 internals (GC, compiler, lookups)";
  if (/^kj::|capnp::/.test(sym)) return "event loop and RPC (kj, capnp)";
  if (/workerd::|jsg::/.test(sym)) return "runtime bindings (workerd, jsg)";
  if (/^0x|\[unknown\]/.test(sym)) return "JIT code (JavaScript, wasm)";
  return "other native";
}

const noop = opts.get("noop") === "1";
// miniflare hands these to workerd: V8 writes /tmp/perf-<pid>.map, which perf reads to name JavaScript.
process.env.MINIFLARE_WORKERD_V8_FLAGS ??= PERF_MAP_FLAGS;
const svc = await startService(noop ? { config: "bench/noop/wrangler.toml" } : { vars: { MAILBOX_MAX_BYTES: String(4 * 1024 ** 3) } });
try {
  const pid = userRuntime(svc.pid!);
  const run = Date.now().toString(36);
  // The no-op Worker takes any recipient; Pigeonhole's must be claimed.
  const named = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ address: `${prefix}-${i}@${DOMAIN}` }));
  const boxes = noop ? named(`prof-${run}`, mailboxes) : await claimMany(svc.url, `prof-${run}`, mailboxes);
  const probe = noop ? `probe-${run}@${DOMAIN}` : (await claimMany(svc.url, `probe-${run}`, 1))[0].address;
  const corpus: ReturnType<typeof loadCorpus> = [];
  for (const c of loadCorpus(256 * 1024)) if ((await deliver(svc.url, c.from, probe, c.raw)).status === 200) corpus.push(c);
  if (idle > 0) await new Promise((r) => setTimeout(r, idle * 1000));
  const data = `/tmp/pigeonhole-perf-${run}.data`;
  const perf = spawn("perf", ["record", "-F", "499", "-g", "-p", String(pid), "-o", data], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 1000));
  const load = loadavg()[0];
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  let failed = 0;
  await runPool(mails, concurrency, async (i) => {
    const to = boxes[i % boxes.length].address;
    const mail = mailAt(i, to, corpus, `p-${run}`);
    if ((await deliver(svc.url, mail.from, to, mail.raw)).status !== 200) failed++;
  });
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(pid) - cpu0;
  perf.kill("SIGINT");
  await new Promise((r) => perf.once("exit", r));
  const report = execFileSync("perf", ["report", "-i", data, "--no-children", "--sort", "dso,sym", "--stdio", "-g", "none"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const functions = jsFunctions(data);
  rmSync(data, { force: true });
  rmSync(`/tmp/perf-${pid}.map`, { force: true });
  const symbols = report
    .split("\n")
    .map((l) => /^\s+([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pct: Number(m[1]), kernel: m[3] === "k", sym: m[4].trim() }));
  const parts = new Map<string, number>();
  for (const s of symbols) parts.set(partOf(s), (parts.get(partOf(s)) ?? 0) + s.pct);
  const top = symbols.slice(0, 12).map((s) => `${s.pct.toFixed(2)}%  ${s.sym.slice(0, 90)}`);
  const summary = {
    worker: noop ? "no-op" : "pigeonhole",
    mails,
    mailboxes,
    concurrency,
    idleSeconds: idle,
    failed,
    loadavg: [round(load), round(loadavg()[0])],
    mailsPerSec: round(mails / (wallMs / 1000), 1),
    runtimeCpuMsPerMail: round(cpu / mails, 3),
    parts: [...parts]
      .sort((a, b) => b[1] - a[1])
      .map(([part, pct]) => ({ part, pct: round(pct, 1), msPerMail: round(((pct / 100) * cpu) / mails, 2) })),
    top,
    /** inclusive ms per mail of the JavaScript functions over 1% of the samples */
    javascript: functions
      .filter((f) => f.pct >= 1)
      .map((f) => ({ fn: f.fn, owner: f.owner, pct: round(f.pct, 1), msPerMail: round(((f.pct / 100) * cpu) / mails, 3) })),
  };
  console.log(
    `${summary.worker}: ${mails} mails, ${mailboxes} mailboxes, C=${concurrency}, idle ${idle} s: ${summary.mailsPerSec} mails/s, user runtime CPU ${summary.runtimeCpuMsPerMail} ms/mail, load ${summary.loadavg.join(" → ")}, failed ${failed}`,
  );
  for (const p of summary.parts) console.log(`  ${p.part.padEnd(36)} ${String(p.pct).padStart(5)}%  ${p.msPerMail} ms/mail`);
  console.log("  top symbols:");
  for (const l of top) console.log(`    ${l}`);
  console.log("  JavaScript, inclusive ms per mail (a function's time includes what it calls):");
  for (const f of summary.javascript.slice(0, 30)) console.log(`    ${String(f.msPerMail).padStart(6)}  ${f.owner.padEnd(13)}  ${f.fn}`);
  if (opts.get("out")) writeFileSync(opts.get("out")!, `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await svc.stop();
}
process.exit(0);
