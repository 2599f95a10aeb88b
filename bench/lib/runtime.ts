// The runtime process under `wrangler dev` and its CPU time, for benches that
// count CPU per mail rather than wall time (steadier on a shared machine).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** The workerd process of wrangler's group that runs the user Worker (the one with an inspector). */
export function userRuntime(pgid: number): number {
  const ps = execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" });
  for (const line of ps.split("\n")) {
    const [pid, group, ...args] = line.trim().split(/\s+/);
    if (Number(group) === pgid && args[0]?.endsWith("/workerd") && args.some((a) => a.startsWith("--inspector-addr"))) return Number(pid);
  }
  throw new Error(`no user workerd in process group ${pgid}`);
}

/** CPU ms the process has used so far (user + system). */
export function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}
