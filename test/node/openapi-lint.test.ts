// Redocly CLI's recommended rules over the OpenAPI document exactly as the running
// service serves it (/api/v1/openapi.json): no error, no warning.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Service } from "./service";
import { sharedService } from "./shared-service";

const ROOT = resolve(import.meta.dirname, "../..");
const REDOCLY = join(ROOT, "node_modules/@redocly/cli/bin/cli.js");

interface Problem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer?: string }[];
}
interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Problem[];
}

/** Lints `doc` with the project's redocly.yaml and .redocly.lint-ignore.yaml, from a scratch folder laid out as they expect. */
async function lint(doc: unknown): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), "openapi-lint-"));
  try {
    for (const file of ["redocly.yaml", ".redocly.lint-ignore.yaml"]) copyFileSync(join(ROOT, file), join(dir, file));
    writeFileSync(join(dir, "openapi.json"), JSON.stringify(doc, null, 2));
    const args = [REDOCLY, "lint", "openapi.json", "--format", "json", "--max-problems", "1000"];
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    // Redocly exits 1 when it finds errors; the report on stdout is what counts.
    const stdout = await new Promise<string>((res) => execFile(process.execPath, args, { cwd: dir, env }, (_err, out) => res(out)));
    return JSON.parse(stdout) as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const shown = (report: LintReport) => report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

let svc: Service;
let served: Record<string, any>;

beforeAll(async () => {
  svc = await sharedService();
  const res = await fetch(`${svc.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  served = await res.json();
});
afterAll(async () => {
  await svc?.stop();
});

describe("OpenAPI document under Redocly's recommended rules", () => {
  it("has no error and no warning as served; only the two recorded exceptions are ignored", async () => {
    const report = await lint(served);
    expect(shown(report)).toEqual([]);
    // A stale entry in .redocly.lint-ignore.yaml (its operation now conforms, or is gone) shows as a lower count.
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 2 });
  });

  it("fails on the problems the document once had: a public operation without security, no licence, no 4xx", async () => {
    const broken = structuredClone(served);
    delete broken.paths["/api/v1/addresses"].post.security;
    delete broken.info.license;
    const token = broken.paths["/api/v1/tokens"].post.responses;
    for (const code of Object.keys(token)) if (code.startsWith("4")) delete token[code];
    const report = await lint(broken);
    expect(
      shown(report)
        .map((line) => line.split(":")[0])
        .sort(),
    ).toEqual([
      "error security-defined at #/paths/~1api~1v1~1addresses/post",
      "warn info-license at #/info",
      "warn operation-4xx-response at #/paths/~1api~1v1~1tokens/post/responses",
    ]);
    expect(report.totals).toMatchObject({ errors: 1, warnings: 2 });
  });
});
