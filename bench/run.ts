// npm run bench [-- options]: starts Pigeonhole and a no-op Worker on free
// ports with fresh state, runs every scenario, prints a table and writes JSON
// (bench/results/<date>.json, or --out PATH). Options: see USAGE below.
import { execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type Service, startService } from "../test/node/service.ts";
import { benchArgs } from "./lib/args.ts";
import { fillDirectory } from "./lib/directory-fill.ts";
import { closeIdle } from "./lib/http.ts";
import { corpusSource, loadCorpus, ROOT } from "./lib/mail.ts";
import { round } from "./lib/stats.ts";
import { goals } from "./report.ts";
import { runChurnIngest } from "./scenarios/churn.ts";
import { runCodes } from "./scenarios/codes.ts";
import { runDirectoryIngest } from "./scenarios/directory.ts";
import { acceptedCorpus, type IngestCell, runIngest } from "./scenarios/ingest.ts";
import { runLarge } from "./scenarios/large.ts";
import { runMcp } from "./scenarios/mcp.ts";
import { runOutbox } from "./scenarios/outbox.ts";
import { runParse } from "./scenarios/parse.ts";
import { runPush } from "./scenarios/push.ts";
import { runRead } from "./scenarios/read.ts";
import { runScale } from "./scenarios/scale.ts";
import { runSend } from "./scenarios/send.ts";
import { runWeb } from "./scenarios/web.ts";
import { printTables } from "./tables.ts";

const USAGE = `npm run bench -- [--only ingest,churn,directory,push,read,large,parse,codes,outbox,web,send,mcp,scale] [--out FILE]
  --mails N              ingest mails over the whole grid (default 5000: per cell N/5 at C=32, N/10 at C=8, N/50 at C=1)
  --mailboxes 1,100,1000 --concurrency 1,8,32   the ingest grid
  --churn-mailboxes 50 --churn-subscribers 20 --churn-mails 4000
                         ingest at C=32 while subscribers drop and resume (the issue's external check; scenario "churn")
  --push N               deliveries for the 1-socket push run (default 1000)
  --fanout-push N        deliveries for each larger fan-out (default 500)
  --fanouts 1,10,100     sockets per mailbox for push latency
  --read-levels 10,1000,10000   mails in the read mailbox at each measuring point
  --read-requests N      timed list/fetch requests per level (default 200)
  --parse-rounds N       postal-mime rounds over the corpus (default 5)
  --outbox-pushes N      deliveries timed to the fake Bot API's sendMessage (default 100)
  --outbox-down N        deliveries timed while the Bot API hangs (default 30)
  --web-mails N          mails timed from delivery to the row in Chromium's inbox (default 30)
  --sends N              sends timed from POST …/send to the SMTP relay (default 100)
  --mcp-rounds N         code mails timed from delivery to the MCP wait_for_code answer (default 100)
  --no-wasm              do not run the wasm parser's bench:parse even if present
  --codes-sizes 65536,1048576,26214400   body sizes (characters) for the code finder on hostile vs plain mail
  --codes-rounds N       best of N runs per mail (default 7)
  --corpus-max-bytes N   largest corpus message used for ingest (default 262144)
  --directory-mails N    mails per cell of the directory run (M=100 at C=8 and C=32; default 2000)
  --directory-addresses N --directory-blocklist N   how full the directory is (default 100000 and 1000)
  --large-runs N         20 MB mails timed from POST to the pushed frame (scenario "large", default 5)
  --scale 100,1000,10000 create N mailboxes and deliver one mail to each, per level, on a service of its own
                         (runs only the scale scenario unless --only is given too)`;

const args = benchArgs(process.argv.slice(2), USAGE, ["no-wasm"]);
const list = (key: string, dflt: string) =>
  (args.get(key) ?? dflt)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const nums = (key: string, dflt: string) => list(key, dflt).map(Number);
const num = (key: string, dflt: number) => Number(args.get(key) ?? dflt);
const only = new Set(list("only", args.has("scale") ? "scale" : "ingest,churn,directory,push,read,large,parse,codes,outbox,web,send,mcp"));
const N = num("mails", 5000);
const cells: IngestCell[] = [];
for (const mailboxes of nums("mailboxes", "1,100,1000")) {
  for (const concurrency of nums("concurrency", "1,8,32")) {
    const share = concurrency >= 32 ? 5 : concurrency >= 8 ? 10 : 50;
    cells.push({ mailboxes, concurrency, mails: Math.max(concurrency * 4, Math.round(N / share)) });
  }
}

const run = Date.now().toString(36);
const started = new Date();
const log = (line: string) => console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const env = {
  date: started.toISOString(),
  commit: (() => {
    try {
      return execSync("git rev-parse --short HEAD", { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  })(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? null,
  loadavgBefore: loadavg().map((x) => round(x)),
  loadavgAfter: [] as number[],
};
log(`bench ${run}: ${env.cpus} CPUs, load ${env.loadavgBefore.join(" ")}, scenarios ${[...only].join(",")}`);
log(`real mail from ${corpusSource}`);

const services: Service[] = [];
/** persisted state of the filled-directory service (startService keeps what it was given) */
const fullDirs: string[] = [];
// Ctrl-C must not leave wrangler processes behind (they run in their own process groups).
process.once("SIGINT", () => {
  void Promise.all(services.map((s) => s.stop())).finally(() => process.exit(130));
});
const results: Record<string, unknown> = { env };
try {
  // No eviction during the bench; the object-floor route the read scenario compares against.
  const vars = { MAILBOX_MAX_BYTES: String(4 * 1024 ** 3), BENCH_FLOOR_ROUTE: "1" };
  const needNoop = only.has("ingest") || only.has("churn") || only.has("directory");
  // One after the other: two wrangler processes starting at once race for ports.
  const svc = ["ingest", "churn", "directory", "push", "read", "web", "large", "mcp"].some((s) => only.has(s))
    ? await startService({ vars })
    : null;
  if (svc) services.push(svc);
  const noop = needNoop ? await startService({ config: "bench/noop/wrangler.toml" }) : null;
  if (noop) services.push(noop);
  let full: Service | null = null;
  if (only.has("directory")) {
    const persistDir = mkdtempSync(join(tmpdir(), "pigeonhole-bench-dir-"));
    const [addresses, blocked] = [num("directory-addresses", 100_000), num("directory-blocklist", 1000)];
    await fillDirectory(persistDir, addresses, blocked);
    log(`directory filled: ${addresses} addresses, ${blocked} blocklist entries`);
    full = await startService({ vars, persistDir });
    services.push(full);
    fullDirs.push(persistDir);
  }
  log("services up");

  const corpusMax = num("corpus-max-bytes", 256 * 1024);
  if (only.has("ingest")) {
    const probe = await acceptedCorpus(noop!.url, loadCorpus(corpusMax));
    log(`real mail: ${probe.kept.length} messages accepted by the local endpoint, ${probe.refused.length} refused by it`);
    results.corpus = { source: corpusSource, used: probe.kept.length, refusedByEndpoint: probe.refused, maxBytes: corpusMax };
    results.ingest = await runIngest(svc!.url, noop!.url, cells, probe.kept, run, log);
  }
  if (only.has("churn")) {
    const probe = await acceptedCorpus(noop!.url, loadCorpus(corpusMax));
    const cell = { mailboxes: num("churn-mailboxes", 50), concurrency: 32, mails: num("churn-mails", 4000) };
    results.churn = await runChurnIngest(svc!.url, noop!.url, { ...cell, subscribers: num("churn-subscribers", 20) }, probe.kept, run, log);
  }
  if (only.has("directory")) {
    const probe = await acceptedCorpus(noop!.url, loadCorpus(corpusMax));
    const mails = num("directory-mails", 2000);
    const dirCells = [8, 32].map((concurrency) => ({ mailboxes: 100, concurrency, mails }));
    results.directory = {
      addresses: num("directory-addresses", 100_000),
      blocklist: num("directory-blocklist", 1000),
      cells: await runDirectoryIngest(svc!.url, full!.url, dirCells, probe.kept, run, log),
    };
  }
  if (only.has("push")) {
    const fanouts = nums("fanouts", "1,10,100");
    const push = [];
    for (const k of fanouts) {
      const deliveries = k === 1 ? num("push", 1000) : num("fanout-push", 500);
      const [r] = await runPush(svc!.url, { deliveries, fanouts: [k], run });
      log(
        `push ${k} socket(s) × ${deliveries}: p50/p95/p99 ${r.frame.p50}/${r.frame.p95}/${r.frame.p99} ms (last socket p95 ${r.lastSocket.p95})`,
      );
      push.push(r);
    }
    results.push = push;
  }
  if (only.has("large")) {
    const r = await runLarge(svc!.url, { runs: num("large-runs", 5), bytes: 20 * 1000 * 1000, run });
    log(`large: ${r.bytes} bytes, POST → frame p50/max ${r.frame.p50}/${r.frame.max} ms (POST answered p50 ${r.accept.p50} ms)`);
    results.large = r;
  }
  if (only.has("read")) {
    results.read = await runRead(
      svc!.url,
      { levels: nums("read-levels", "10,1000,10000"), requests: num("read-requests", 200), replays: 5, run, fillConcurrency: 32 },
      log,
    );
  }
  if (only.has("web")) {
    const r = await runWeb(svc!.url, { mails: num("web-mails", 30) });
    log(`web: time-to-visible p50/p95/max ${r.visible.p50}/${r.visible.p95}/${r.visible.max} ms over ${r.mails} mails`);
    results.web = r;
  }
  if (only.has("outbox")) {
    // Its own service (Bot API vars), started after the others are up: never two starting at once.
    const r = await runOutbox({ pushes: num("outbox-pushes", 100), downDeliveries: num("outbox-down", 30), run });
    log(
      `outbox: push p50/p95 ${r.push.p50}/${r.push.p95} ms; delivery p50/max ${r.deliveryUp.p50}/${r.deliveryUp.max} ms up, ${r.deliveryDown.p50}/${r.deliveryDown.max} ms while the Bot API hangs`,
    );
    results.outbox = r;
  }
  if (only.has("parse")) {
    const r = await runParse(loadCorpus(), num("parse-rounds", 5), !args.has("no-wasm"));
    log(`parse: postal-mime ${r.postalMime.mbPerSec} MB/s over ${r.postalMime.messages} messages; wasm: ${r.wasm.note}`);
    results.parse = { source: corpusSource, ...r };
  }
  if (only.has("codes")) {
    const sizes = await runCodes(nums("codes-sizes", "65536,1048576,26214400"), num("codes-rounds", 7));
    for (const s of sizes)
      log(`codes at ${s.chars} chars: plain ${s.plainMs} ms, worst hostile ${s.worst.name} ${s.worst.ms} ms (+${s.worst.overPlain})`);
    results.codes = sizes;
  }
  if (only.has("scale")) {
    // Its own service, so the state directory holds only the scale run's mailboxes.
    const own = await startService({ vars });
    services.push(own);
    results.scale = await runScale(own.url, own.persistDir, nums("scale", "100,1000,10000"), run, log);
  }
  if (only.has("send")) {
    const r = await runSend({ sends: num("sends", 100), run }, (s) => services.push(s));
    log(`send → relay over ${r.sends} sends: p50/p95 ${r.relayed.p50}/${r.relayed.p95} ms (POST answered p50 ${r.accept.p50} ms)`);
    results.send = r;
  }
  if (only.has("mcp")) {
    const r = await runMcp(svc!.url, { rounds: num("mcp-rounds", 100), parkMs: 150 });
    log(`mcp: delivery → wait_for_code returned p50/p95 ${r.codeReturned.p50}/${r.codeReturned.p95} ms over ${r.rounds} codes`);
    results.mcp = r;
  }
} finally {
  closeIdle();
  await Promise.all(services.map((s) => s.stop()));
  for (const d of fullDirs) rmSync(d, { recursive: true, force: true });
}
env.loadavgAfter = loadavg().map((x) => round(x));
results.goals = goals(results);
results.seconds = round((Date.now() - started.getTime()) / 1000, 1);
printTables(results);
const out = resolve(args.get("out") ?? join(ROOT, "bench/results", `${started.toISOString().replace(/[:.]/g, "-")}.json`));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${out}`);
process.exit(0);
