// Starts the IMAP/SMTP bridge (`bridge/main.ts`, as `npm run bridge` runs it)
// in front of a running service, on free ports, and stops it.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

export interface Bridge {
  imapPort: number;
  smtpPort: number;
  /** implicit-TLS ports, when started with a certificate */
  imapsPort?: number;
  smtpsPort?: number;
  pid: number;
  log(): string;
  /** resident memory of the bridge process, bytes (from /proc) */
  rss(): number;
  stop(): Promise<void>;
}

export async function startBridge(api: string, extra: string[] = []): Promise<Bridge> {
  const args = [
    "--experimental-transform-types",
    "--disable-warning=ExperimentalWarning",
    "--import",
    "./bridge/resolve-ts.ts",
    "bridge/main.ts",
    "--api",
    api,
    "--imap-port",
    "0",
    "--smtp-port",
    "0",
    ...extra,
  ];
  // The project's Node 22 (process.execPath when vitest runs under it).
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr!.on("data", (d) => (output += d));
  const ready = await new Promise<Record<string, number>>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`bridge did not start:\n${output}`)), 30_000);
    child.stdout!.on("data", (d) => {
      output += d;
      const line = /bridge ready (\{.*\})/.exec(output);
      if (line) {
        clearTimeout(timer);
        res(JSON.parse(line[1]));
      }
    });
    child.once("exit", (code) => rej(new Error(`bridge exited (${code}):\n${output}`)));
  });
  return {
    imapPort: ready.imap,
    smtpPort: ready.smtp,
    imapsPort: ready.imaps,
    smtpsPort: ready.smtps,
    pid: child.pid!,
    log: () => output,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
