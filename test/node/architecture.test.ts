// Imports run one way (DESIGN.md §1): dependency-cruiser checks the rules in
// .dependency-cruiser.cjs over the real tree, and proves on a copy that a
// forbidden arrow (objects/ reaching into src/, the bridge into objects/) would be caught.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const FOLDERS = ["src", "objects", "client", "wasm-parser", "bridge"];
const rules = createRequire(import.meta.url)(join(ROOT, ".dependency-cruiser.cjs")) as IConfiguration;

async function violations(baseDir: string): Promise<{ rule: string; from: string; to: string }[]> {
  const { output } = await cruise(FOLDERS, { ruleSet: { forbidden: rules.forbidden }, ...rules.options, baseDir, validate: true });
  const result = output as ICruiseResult;
  expect(result.summary.totalCruised).toBeGreaterThan(100); // it really read the tree
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe("architecture: one-way imports", () => {
  it("has no circular imports, and every layer imports only what it may", async () => {
    const found = await violations(ROOT);
    // Printed so a failure says which arrow broke which rule.
    if (found.length) console.error(found.map((v) => `${v.rule}: ${v.from} → ${v.to}`).join("\n"));
    expect(found).toEqual([]);
  });

  it("catches an import from objects/ into the Worker (src/ outside src/contract/), and from the bridge into the objects", async () => {
    const copy = mkdtempSync(join(tmpdir(), "pigeonhole-arch-"));
    try {
      for (const f of [...FOLDERS, "schema", "tsconfig.json"]) {
        cpSync(join(ROOT, f), join(copy, f), { recursive: true, filter: (p) => !/node_modules|[/\\](dist|build)([/\\]|$)/.test(p) });
      }
      writeFileSync(join(copy, "objects/probe.ts"), 'import type { Env } from "../src/env";\nexport type Probe = Env;\n');
      writeFileSync(join(copy, "bridge/probe.ts"), 'import { Mailbox } from "../objects/mailbox";\nexport const probe = Mailbox;\n');
      const found = await violations(copy);
      expect(found).toContainEqual({ rule: "objects-import-only-the-contract", from: "objects/probe.ts", to: "src/env.ts" });
      expect(found).toContainEqual({ rule: "bridge-speaks-only-the-public-api", from: "bridge/probe.ts", to: "objects/mailbox.ts" });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
