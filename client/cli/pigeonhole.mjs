#!/usr/bin/env node
// `npx pigeonhole …`: starts the CLI (client/cli/main.mjs) on a Node that can
// run the TypeScript SDK directly; an older Node hands over to the pinned one.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

if (process.features.typescript) {
  const { main } = await import("./main.mjs");
  const code = await main(process.argv.slice(2));
  // Exit once what was written is out: a WebSocket that has been told to close can hold the
  // event loop for seconds more (the runtime waits for its connection to end).
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
} else {
  // Node < 22.18 cannot strip types: re-run under the project's pinned Node 22.
  const pinned = join(root, "node_modules", ".bin", "node");
  if (!existsSync(pinned)) {
    console.error("pigeonhole needs Node 22.18 or newer (run `npm install` for the pinned one).");
    process.exit(1);
  }
  const run = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
