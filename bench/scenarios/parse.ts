// Parse: MIME parsing cost in Node, on the corpus (the project's fixtures
// without it). When the WebAssembly parser has landed (wasm-parser/ with
// `npm run bench:parse`), its own wasm-vs-postal-mime bench is run and its
// JSON folded in; until then, and always as the baseline, postal-mime alone.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { type CorpusMail, ROOT } from "../lib/mail.ts";
import { now, round, type Summary, summarize } from "../lib/stats.ts";

export interface ParseResult {
  postalMime: {
    messages: number;
    bytes: number;
    rounds: number;
    bestRoundMs: number;
    mbPerSec: number;
    perMessage: Summary;
    failed: number;
  };
  /** the wasm parser's bench output, when it exists in this checkout */
  wasm: { ran: boolean; note: string; results?: unknown };
}

async function postalMime(corpus: CorpusMail[], rounds: number): Promise<ParseResult["postalMime"]> {
  const bytes = corpus.reduce((n, c) => n + c.raw.byteLength, 0);
  const perMessage: number[] = [];
  let best = Infinity;
  let failed = 0;
  for (let r = 0; r <= rounds; r++) {
    const t0 = now();
    for (const c of corpus) {
      const s = now();
      try {
        await PostalMime.parse(c.raw, { attachmentEncoding: "arraybuffer" });
      } catch {
        if (r === 0) failed++;
      }
      if (r > 0) perMessage.push(now() - s); // round 0 warms the JIT
    }
    if (r > 0) best = Math.min(best, now() - t0);
  }
  return {
    messages: corpus.length,
    bytes,
    rounds,
    bestRoundMs: round(best),
    mbPerSec: round(bytes / 1e6 / (best / 1000)),
    perMessage: summarize(perMessage),
    failed,
  };
}

/** Runs the parser work's `npm run bench:parse` when it is there; it writes bench/results/parse-*.json. */
function wasmBench(): ParseResult["wasm"] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  if (!existsSync(join(ROOT, "wasm-parser/index.ts")) || !pkg.scripts?.["bench:parse"]) {
    return { ran: false, note: "wasm-parser/ or `npm run bench:parse` not in this checkout: postal-mime only" };
  }
  const started = Date.now();
  const r = spawnSync("npm", ["run", "--silent", "bench:parse"], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) return { ran: false, note: `bench:parse failed (${r.status}): ${(r.stderr || r.stdout).slice(-500)}` };
  const dir = join(ROOT, "bench/results");
  const written = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.startsWith("parse-") && f.endsWith(".json"))
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).mtimeMs >= started - 1000)
    : [];
  if (written.length === 0)
    return { ran: true, note: "bench:parse ran but wrote no bench/results/parse-*.json", results: r.stdout.slice(-4000) };
  return { ran: true, note: `from ${written[0].slice(ROOT.length + 1)}`, results: JSON.parse(readFileSync(written[0], "utf8")) };
}

export async function runParse(corpus: CorpusMail[], rounds: number, withWasm: boolean): Promise<ParseResult> {
  return {
    postalMime: await postalMime(corpus, rounds),
    wasm: withWasm ? wasmBench() : { ran: false, note: "skipped (--no-wasm)" },
  };
}
