// The directory needs no migration step locally: `wrangler dev` with any
// --persist-to (as `npm start` runs it) brings its D1 up to date on first use,
// and records it where `wrangler d1 migrations` looks, so the two agree.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startService } from "./service";

const ROOT = resolve(import.meta.dirname, "../..");
const dirs: string[] = [];

function wrangler(args: string[]): Promise<string> {
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true", NO_COLOR: "1" };
  return new Promise((res, rej) =>
    execFile("npx", ["wrangler", ...args], { cwd: ROOT, env }, (err, out, errOut) =>
      err ? rej(new Error(`${err.message}\n${errOut}`)) : res(out),
    ),
  );
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("the directory's migrations, locally", () => {
  it("are applied by the running Worker on first use, and wrangler then finds nothing to apply", async () => {
    const persist = mkdtempSync(join(tmpdir(), "pigeonhole-d1-"));
    dirs.push(persist);
    expect(await wrangler(["d1", "migrations", "list", "DIRECTORY", "--local", "--persist-to", persist])).toMatch(/0001_directory\.sql/);
    const service = await startService({ persistDir: persist });
    try {
      const res = await fetch(`${service.url}/api/v1/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "first-user", password: "long enough password" }),
      });
      expect(res.status).toBe(201);
    } finally {
      await service.stop();
    }
    expect(await wrangler(["d1", "migrations", "list", "DIRECTORY", "--local", "--persist-to", persist])).toMatch(/No migrations to apply/);
    expect(await wrangler(["d1", "migrations", "apply", "DIRECTORY", "--local", "--persist-to", persist])).toMatch(
      /No migrations to apply/,
    );
    // What the Worker wrote is a real directory wrangler can read.
    const out = await wrangler([
      "d1",
      "execute",
      "DIRECTORY",
      "--local",
      "--persist-to",
      persist,
      "--json",
      "--command",
      "SELECT username FROM users",
    ]);
    expect(JSON.parse(out)[0].results).toEqual([{ username: "first-user" }]);
  });
});
