// The web inbox's build: small enough (initial JS ≤ 30 KB gzipped) and shipped with its security headers.
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = join(ROOT, "client/dist");

beforeAll(() => {
  if (!existsSync(join(DIST, "index.html"))) execSync("npm run build:client", { cwd: ROOT, stdio: "inherit" });
});

describe("web inbox build", () => {
  it("loads at most 30 KB of gzipped JavaScript up front", () => {
    const html = readFileSync(join(DIST, "index.html"), "utf8");
    const scripts = [
      ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
      ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    let raw = 0;
    let gz = 0;
    for (const src of new Set(scripts)) {
      const body = readFileSync(join(DIST, src));
      raw += body.length;
      gz += gzipSync(body, { level: 9 }).length;
    }
    console.log(`initial JS: ${raw} bytes raw, ${gz} bytes gzip`);
    expect(gz).toBeLessThanOrEqual(30 * 1024);
    // No inline script: our CSP has no 'unsafe-inline' for scripts.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("ships _headers with a CSP that forbids inline script and framing", () => {
    const headers = readFileSync(join(DIST, "_headers"), "utf8");
    const csp = /Content-Security-Policy: (.+)/.exec(headers)![1];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers).toMatch(/X-Content-Type-Options: nosniff/);
    expect(headers).toMatch(/Referrer-Policy: no-referrer/);
  });
});
