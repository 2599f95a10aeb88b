// The OpenAPI schemas agree with src/contract/wire.ts key for key: tsc checks each
// `object<WireType>(…)` in src/openapi/components.ts, and a schema that drifts
// from its wire type does not compile.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");
const FLAGS = [
  "--ignoreConfig",
  "--noEmit",
  "--strict",
  "--skipLibCheck",
  "--target",
  "es2022",
  "--module",
  "es2022",
  "--moduleResolution",
  "bundler",
  "--lib",
  "es2023,dom",
  "--types",
  "",
];

function tsc(file: string): Promise<{ code: number; output: string }> {
  return new Promise((res) =>
    execFile(TSC, [...FLAGS, file], { cwd: ROOT }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
}

describe("OpenAPI schemas against the wire types", () => {
  it("compile: every schema in components.ts names exactly its wire type's keys", async () => {
    const result = await tsc(join(ROOT, "src/openapi/document.ts"));
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("do not compile when a schema misses a key of its wire type, or adds one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openapi-drift-"));
    try {
      const probe = join(dir, "probe.ts");
      writeFileSync(
        probe,
        `import { object, string, integer } from ${JSON.stringify(join(ROOT, "src/openapi/schema"))};\n` +
          `import type { MailAddress, MailboxMeta } from ${JSON.stringify(join(ROOT, "src/contract/wire"))};\n` +
          `export const missing = object<MailAddress>({ name: string() });\n` +
          `export const extra = object<MailboxMeta>({ address: string(), createdAt: string(), expiresAt: string(), count: integer(), latestId: integer(), storedBytes: integer(), maxBytes: integer(), seen: integer() });\n`,
      );
      const result = await tsc(probe);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/probe\.ts\(3,.*Property 'address' is missing/);
      expect(result.output).toMatch(/probe\.ts\(4,.*'seen' does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
