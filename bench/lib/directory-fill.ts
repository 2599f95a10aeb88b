// A directory as a busy deployment has it: 100k addresses and a 1,000-entry
// blocklist, written into a service's persisted D1 before it starts (through
// wrangler's own migration and execute commands, as an operator would).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wranglerEnv } from "../../test/node/wrangler-env.ts";
import { ROOT } from "./mail.ts";

function wrangler(args: string[]): Promise<void> {
  const env = wranglerEnv();
  return new Promise((res, rej) =>
    execFile("npx", ["wrangler", ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (err, _o, e) =>
      err ? rej(new Error(`${err.message}\n${e}`)) : res(),
    ),
  );
}

/** Patterns that match no sender the bench uses (`.invalid` domains), of every kind the matcher handles. */
export function blocklistPatterns(count: number): { kind: "sender" | "name"; pattern: string }[] {
  const out: { kind: "sender" | "name"; pattern: string }[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    if (kind < 5) out.push({ kind: "sender", pattern: `spammer${i}@blocked${i % 97}.invalid` });
    else if (kind < 8) out.push({ kind: "sender", pattern: `*@blocked-domain-${i}.invalid` });
    else if (kind < 9) out.push({ kind: "sender", pattern: `*bulk${i}-*@*.invalid` });
    else out.push({ kind: "name", pattern: `reserved-${i}*` });
  }
  return out;
}

const ROWS_PER_INSERT = 500;

/** Fills the D1 directory under `persistDir` (migrated first). */
export async function fillDirectory(persistDir: string, addresses: number, blocklist: number): Promise<void> {
  const local = ["DIRECTORY", "--local", "--persist-to", persistDir];
  await wrangler(["d1", "migrations", "apply", ...local]);
  const now = Date.now();
  const lines: string[] = [];
  for (let i = 0; i < addresses; i += ROWS_PER_INSERT) {
    const rows = [];
    for (let k = i; k < Math.min(addresses, i + ROWS_PER_INSERT); k++) {
      rows.push(`('filler-${k}@pigeonhole.test', ${k + 1}, ${now - k}, ${now + 86_400_000}, 'active', NULL, 1, 0, NULL)`);
    }
    lines.push(
      `INSERT INTO addresses (address, seq, created_at, expires_at, state, owner, version, counted, purge_after) VALUES ${rows.join(",")};`,
    );
  }
  const patterns = blocklistPatterns(blocklist);
  for (let i = 0; i < patterns.length; i += ROWS_PER_INSERT) {
    const rows = patterns.slice(i, i + ROWS_PER_INSERT).map((p) => `('${p.kind}', '${p.pattern}')`);
    lines.push(`INSERT INTO blocklist (kind, pattern) VALUES ${rows.join(",")};`);
  }
  lines.push("INSERT INTO settings (key, value) VALUES ('blocklist_version', 'bench');");
  const dir = mkdtempSync(join(tmpdir(), "pigeonhole-fill-"));
  try {
    const file = join(dir, "fill.sql");
    writeFileSync(file, `${lines.join("\n")}\n`);
    await wrangler(["d1", "execute", ...local, "--file", file, "--yes"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
