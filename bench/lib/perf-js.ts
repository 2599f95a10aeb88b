// JavaScript functions in a `perf record` of the user workerd, named through V8's
// perf map (workerd started with --perf-basic-prof): inclusive CPU per function,
// its tiers (interpreted, baseline, optimised) summed, split by whose code it is.
import { execFileSync } from "node:child_process";

/** V8 flags that make workerd write /tmp/perf-<pid>.map, so perf names JIT-compiled JavaScript. */
export const PERF_MAP_FLAGS = "--perf-basic-prof --interpreted-frames-native-stack";

export interface JsFunction {
  /** name and bundle position, e.g. "findCodes index.js:15107:19" */
  fn: string;
  /** the Worker's own bundle (Pigeonhole's, or the no-op's), or one of wrangler dev's workers (the email endpoint, the asset router) */
  owner: "worker" | "local runtime";
  /** share of the process's samples under this function, all tiers */
  pct: number;
}

/** Inclusive share of every JavaScript function in the recording, largest first. */
export function jsFunctions(data: string): JsFunction[] {
  const report = execFileSync("perf", ["report", "-i", data, "--children", "--sort", "sym", "--stdio", "-g", "none"], {
    encoding: "latin1",
    maxBuffer: 256 * 1024 * 1024,
  });
  const byFn = new Map<string, number>();
  for (const line of report.split("\n")) {
    // "    6.03%     0.00%  [.] JS:+'buildDelivery index.js:20733:29": tier marks (~ ^ + * ') dropped
    const m = /^\s+([\d.]+)%\s+[\d.]+%\s+\[\.\]\s+JS:[~^+*']*(.+)$/.exec(line);
    if (m) byFn.set(m[2].trim(), (byFn.get(m[2].trim()) ?? 0) + Number(m[1]));
  }
  return [...byFn]
    .map(([fn, pct]) => ({ fn, pct, owner: /(^| )index\.js:/.test(fn) ? ("worker" as const) : ("local runtime" as const) }))
    .sort((a, b) => b.pct - a.pct);
}
