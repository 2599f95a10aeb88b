// Codes: what finding codes and links (and the snippet's text pass) costs per
// mail, on hostile mails built to make it slow (test/fixtures/codes/
// adversarial.ts) against a plain mail of the same size, in Node's V8 as
// workerd runs it. The finder is bundled with esbuild (a devDependency) because the Worker's sources import without .ts extensions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../lib/mail.ts";
import { now, round } from "../lib/stats.ts";

interface Input {
  name: string;
  subject: string | null;
  text: string | null;
  html: string | null;
}

interface Finder {
  findCodes(source: { subject: string | null; text: string | null; html: string | null }): unknown[];
  htmlText(html: string, maxText: number): unknown;
  adversarialMails(chars: number): Input[];
  plainMail(chars: number): Input;
}

export interface CodesCase {
  name: string;
  /** best of the rounds, ms */
  ms: number;
  /** ms over the plain mail of the same size */
  overPlain: number;
}

export interface CodesSize {
  chars: number;
  plainMs: number;
  cases: CodesCase[];
  worst: CodesCase;
}

async function loadFinder(): Promise<Finder> {
  const entry = [
    'export { findCodes } from "./src/mail/codes";',
    'export { htmlText } from "./src/mail/html-text";',
    'export { adversarialMails, plainMail } from "./test/fixtures/codes/adversarial";',
  ].join("\n");
  const out = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "error",
  });
  const dir = mkdtempSync(join(tmpdir(), "pigeonhole-codes-bench-"));
  const file = join(dir, "finder.mjs");
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return (await import(pathToFileURL(file).href)) as Finder;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Best of `rounds` runs of what the inbound path does with a mail's bodies besides parsing them. */
function timeExtraction(finder: Finder, mail: Input, rounds: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = now();
    finder.findCodes({ subject: mail.subject, text: mail.text, html: mail.html });
    if (!mail.text && mail.html) finder.htmlText(mail.html, 4000);
    best = Math.min(best, now() - started);
  }
  return best;
}

export async function runCodes(sizes: number[], rounds: number): Promise<CodesSize[]> {
  const finder = await loadFinder();
  const out: CodesSize[] = [];
  for (const chars of sizes) {
    const plainMs = timeExtraction(finder, finder.plainMail(chars), rounds);
    const cases = finder.adversarialMails(chars).map((mail) => {
      const ms = timeExtraction(finder, mail, rounds);
      return { name: mail.name, ms: round(ms), overPlain: round(ms - plainMs) };
    });
    const worst = cases.reduce((a, b) => (b.overPlain > a.overPlain ? b : a));
    out.push({ chars, plainMs: round(plainMs), cases, worst });
  }
  return out;
}
