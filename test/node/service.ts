// Starts the real service (`wrangler dev` on workerd) on a free port with
// fresh persisted state, for tests and benchmarks that drive it from outside.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { wranglerEnv } from "./wrangler-env.ts";

export interface Service {
  url: string;
  port: number;
  persistDir: string;
  /** wrangler's process id, also its process group's (workerd runs inside it); absent for the shared service */
  pid?: number;
  /** everything wrangler printed, for failure messages */
  log: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on("error", rej);
  });
}

const ROOT = resolve(import.meta.dirname, "../..");

export interface StartOptions {
  vars?: Record<string, string>;
  persistDir?: string;
  port?: number;
  /** wrangler config file, relative to the repo root */
  config?: string;
  /** another entry point over that config (the bench's stage Worker), relative to the repo root */
  script?: string;
  timeoutMs?: number;
}

/**
 * Starts `wrangler dev` on a free port. Between finding a port free and wrangler binding it another
 * process may take it (suites running side by side): then it tries again on a new one, three times.
 */
export async function startService(opts: StartOptions = {}): Promise<Service> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (opts.port !== undefined || attempt >= 3 || !/already in use|EADDRINUSE/i.test(String(err))) throw err;
    }
  }
}

async function startOnce(opts: StartOptions): Promise<Service> {
  const port = opts.port ?? (await freePort());
  const persistDir = opts.persistDir ?? mkdtempSync(join(tmpdir(), "pigeonhole-"));
  const args = ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistDir];
  if (opts.config) args.push("--config", opts.config);
  if (opts.script) args.push(opts.script);
  // wrangler's default inspector port (9229) is shared: two services starting at once race for it.
  args.push("--inspector-port", String(await freePort()));
  args.push("--var", `PUBLIC_URL:http://127.0.0.1:${port}`);
  // Tests and benchmarks create many addresses from one IP; they opt back in to the limit when they test it.
  args.push("--var", "ADDRESS_CREATE_LIMIT:0");
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push("--var", `${k}:${v}`);
  const child: ChildProcess = spawn("npx", args, {
    cwd: ROOT,
    env: wranglerEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      if (!opts.persistDir) rmSync(persistDir, { recursive: true, force: true });
      throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/v1/config`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`wrangler dev did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    persistDir,
    pid: child.pid!,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      if (!opts.persistDir) rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

/** Delivers a raw message through the local Email Routing endpoint. */
export async function deliverHttp(url: string, from: string, to: string, raw: string | Uint8Array): Promise<Response> {
  const q = new URLSearchParams({ from, to });
  return fetch(`${url}/cdn-cgi/handler/email?${q}`, { method: "POST", body: raw as BodyInit });
}
