// Where the third-party mail corpus is and whether it is there, for the
// Node-side code that reads it (vitest config, browser tests, bench, fuzzer):
// CORPUS_DIR, default ../shared/corpus, relative to the repository root.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The nearest folder holding package.json: this file is also bundled to a temporary folder (wasm-parser/scripts/run-ts.mjs). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

export const ROOT = repositoryRoot(import.meta.dirname);
export const corpusDir = resolve(ROOT, process.env.CORPUS_DIR || "../shared/corpus");

function emlNames(): string[] {
  try {
    return readdirSync(corpusDir)
      .filter((f) => f.endsWith(".eml"))
      .sort();
  } catch {
    return [];
  }
}

/** True when CORPUS_DIR holds at least one .eml file. */
export const corpusFound = emlNames().length > 0;

/** The one line printed when the corpus tests are skipped. */
export const corpusSkipNotice = `corpus tests skipped: CORPUS_DIR=${corpusDir} not found`;

export interface CorpusFile {
  name: string;
  raw: Uint8Array;
}

/** Every .eml file of the corpus, in name order; none when it is absent. */
export function corpusFiles(): CorpusFile[] {
  return emlNames().map((name) => ({ name, raw: new Uint8Array(readFileSync(join(corpusDir, name))) }));
}
