// Runs a TypeScript script in Node: bundles it with esbuild (already a
// dependency of wrangler) into a temporary module and imports it. Used by the
// parser bench and the long fuzz run, which load the .wasm from disk.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node wasm-parser/scripts/run-ts.mjs <script.ts> [args]");
  process.exit(2);
}
// inside the project (gitignored build dir) so that bare imports resolve
const buildDir = join(dirname(fileURLToPath(import.meta.url)), "../build");
mkdirSync(buildDir, { recursive: true });
const dir = mkdtempSync(join(buildDir, ".run-ts-"));
const outfile = join(dir, "script.mjs");
await build({
  entryPoints: [resolve(entry)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  outfile,
  packages: "external",
  logLevel: "error",
});
process.argv = [process.argv[0], resolve(entry), ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
