// npm run fuzz:parser -- [cases] [seed]: the long fuzz run of wasm-parser in
// Node (default 100,000 seeded cases over the corpus, CORPUS_DIR; over the
// project's own fixtures when it is absent). Counts wasm traps and other
// uncaught errors (must be 0), limit fallbacks (expected), the slowest case
// per MB, and the largest wasm memory seen.

// Test data only: where the corpus is, and the fixtures to mutate without it.
import { corpusDir, corpusFiles, corpusFound } from "../../test/corpus-dir";
import { mailFixtures } from "../../test/fixtures/mail/index";
import { WasmParserLimit } from "../wasm-mime-parser";
import { loadWasmParser } from "./load-node";
import { fuzzCases } from "./mutations";

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 20261126);
const source = corpusFound ? `corpus ${corpusDir}` : `the project's ${mailFixtures.length} fixtures (no corpus at CORPUS_DIR=${corpusDir})`;
const corpus = corpusFound ? corpusFiles().map((f) => f.raw) : mailFixtures.map((f) => f.raw);
console.error(`mutating ${source}`);
const parser = loadWasmParser();

let cases = 0,
  limits = 0,
  bytes = 0,
  maxMemory = 0,
  slowest = { name: "", ms: 0, msPerMB: 0, size: 0 };
const errors: { name: string; error: string }[] = [];
const started = performance.now();
function timedParse(raw: Uint8Array): { ms: number; error: unknown } {
  const t = performance.now();
  try {
    parser.parseMail(raw);
    return { ms: performance.now() - t, error: null };
  } catch (error) {
    return { ms: performance.now() - t, error };
  }
}

for (const c of fuzzCases(corpus, count, seed)) {
  const first = timedParse(c.raw);
  const err = first.error;
  if (err instanceof WasmParserLimit) limits++;
  else if (err) errors.push({ name: c.name, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  // a slow case is timed again: a GC pause or a busy machine is not a hang
  let ms = first.ms;
  for (let retry = 0; retry < 2 && ms > 20; retry++) ms = Math.min(ms, timedParse(c.raw).ms);
  const msPerMB = ms / Math.max(c.raw.length / 1e6, 0.05); // small inputs count as 50 KB
  if (msPerMB > slowest.msPerMB) slowest = { name: c.name, ms: +ms.toFixed(1), msPerMB: +msPerMB.toFixed(1), size: c.raw.length };
  maxMemory = Math.max(maxMemory, parser.memoryBytes);
  cases++;
  bytes += c.raw.length;
  if (cases % 10_000 === 0)
    console.error(`${cases} cases, ${errors.length} errors, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const report = {
  cases,
  seed,
  source,
  errors: errors.length,
  firstErrors: errors.slice(0, 10),
  limitFallbacks: limits,
  megabytes: +(bytes / 1e6).toFixed(1),
  seconds: +((performance.now() - started) / 1000).toFixed(1),
  slowest,
  maxWasmMemoryMB: +(maxMemory / 2 ** 20).toFixed(1),
};
console.log(JSON.stringify(report, null, 2));
if (errors.length) process.exitCode = 1;
