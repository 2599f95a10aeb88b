// CHANGELOG.md keeps Keep a Changelog's shape, and package.json's version is its newest release.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const changelog = readFileSync(resolve(ROOT, "CHANGELOG.md"), "utf8");
const { version } = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { version: string };

const KINDS = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"];

/** The `## ` sections in order, each with its `### ` headings and whether it has any entry. */
function sections(text: string) {
  return text
    .split(/^## /m)
    .slice(1)
    .map((body) => ({
      heading: body.slice(0, body.indexOf("\n")),
      kinds: [...body.matchAll(/^### (.+)$/gm)].map((m) => m[1]),
      entries: (body.match(/^- /gm) ?? []).length,
    }));
}

const semver = (v: string) => v.split(".").map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

describe("CHANGELOG.md", () => {
  const all = sections(changelog);
  const released = all.slice(1).map((s) => {
    const m = /^\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(s.heading);
    return { ...s, version: m?.[1] ?? "", date: m?.[2] ?? "" };
  });

  it("opens with [Unreleased], then releases newest first, each with entries under the standard headings", () => {
    expect(all[0].heading).toBe("[Unreleased]");
    expect(released.length).toBeGreaterThan(0);
    for (const s of released) expect(s.version, `"## ${s.heading}" is "## [x.y.z] - YYYY-MM-DD"`).not.toBe("");
    for (const s of all) {
      for (const kind of s.kinds) expect(KINDS, `${s.heading}: ### ${kind}`).toContain(kind);
      expect(new Set(s.kinds).size, `${s.heading}: a heading twice`).toBe(s.kinds.length);
    }
    for (const s of released) expect(s.entries, `${s.heading} has entries`).toBeGreaterThan(0);
    for (let i = 1; i < released.length; i++) {
      expect(newer(released[i - 1].version, released[i].version), `${released[i - 1].version} above ${released[i].version}`).toBe(true);
      expect(released[i - 1].date >= released[i].date).toBe(true);
    }
  });

  it("names package.json's version as its newest release", () => {
    expect(version).toBe(released[0].version);
  });
});
