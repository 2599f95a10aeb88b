// npm run bench:parse -- [dir]: wasm-parser against postal-mime in one Node
// process, on a directory of .eml files (default the corpus, CORPUS_DIR; the
// project's own fixtures when it is absent) and on generated large mails.
// Best of N rounds; prints a table and JSON, and writes the JSON to
// bench/results/parse-<date>.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseWithPostalMime } from "../src/mail/postal";
import { corpusDir, corpusFiles, corpusFound } from "../test/corpus-dir";
import { mailFixtures } from "../test/fixtures/mail/index";
import { loadWasmParser } from "../wasm-parser/scripts/load-node";

const dir = process.argv[2] ? resolve(process.argv[2]) : null;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const parser = loadWasmParser();

function lines(text: string, width = 76): string {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out.join("\r\n");
}

function pseudoRandomBytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

function largeMails(): { name: string; raw: Uint8Array }[] {
  const enc = new TextEncoder();
  const head = (ct: string) =>
    `From: Bench <bench@example.com>\r\nTo: you@example.com\r\nSubject: large\r\nDate: Tue, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <large@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: ${ct}\r\n`;
  const attachment = Buffer.from(pseudoRandomBytes(15 * 1024 * 1024)).toString("base64"); // ~20 MB encoded
  const b64 =
    head('multipart/mixed; boundary="b1"') +
    `\r\n--b1\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b1\r\nContent-Type: application/octet-stream; name="blob.bin"\r\nContent-Disposition: attachment; filename="blob.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${lines(attachment)}\r\n--b1--\r\n`;
  const para = "<p>Lorem ipsum dolor sit amet, <b>consectetur</b> adipiscing elit &amp; sed do eiusmod tempor.</p>\r\n";
  const html =
    head("text/html; charset=utf-8") +
    "\r\n<html><body>\r\n" +
    para.repeat(Math.ceil((5 * 1024 * 1024) / para.length)) +
    "</body></html>\r\n";
  const qpLine = "Gr=C3=BC=C3=9Fe aus K=C3=B6ln, caf=C3=A9 cr=C3=A8me br=C3=BBl=C3=A9e, na=C3=AFve =E2=82=AC 10 =\r\n";
  const qp =
    head("text/plain; charset=utf-8") +
    "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
    qpLine.repeat(Math.ceil((5 * 1024 * 1024) / qpLine.length)) +
    "end\r\n";
  return [
    { name: "base64 attachment (20 MB)", raw: enc.encode(b64) },
    { name: "html body (5 MB)", raw: enc.encode(html) },
    { name: "quoted-printable body (5 MB)", raw: enc.encode(qp) },
  ];
}

async function best(fn: () => Promise<void> | void): Promise<number> {
  await fn(); // warm up
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

interface Row {
  set: string;
  messages: number;
  bytes: number;
  wasmMs: number;
  postalMs: number;
  copyInMs: number;
}

async function measure(set: string, mails: Uint8Array[]): Promise<Row> {
  const bytes = mails.reduce((n, m) => n + m.length, 0);
  const wasmMs = await best(() => {
    for (const m of mails) parser.parseMail(m);
  });
  const postalMs = await best(async () => {
    for (const m of mails) await parseWithPostalMime(m);
  });
  const copyInMs = await best(() => {
    for (const m of mails) parser.copyIn(m);
  });
  return { set, messages: mails.length, bytes, wasmMs, postalMs, copyInMs };
}

/** The .eml files of `dir` when given, else the corpus, else (saying so) the project's fixtures. */
function mailSet(): { set: string; mails: Uint8Array[] } {
  if (dir)
    return {
      set: `eml files (${dir})`,
      mails: readdirSync(dir)
        .filter((f) => f.endsWith(".eml"))
        .sort()
        .map((f) => new Uint8Array(readFileSync(join(dir, f)))),
    };
  if (corpusFound) return { set: `corpus (${corpusDir})`, mails: corpusFiles().map((f) => f.raw) };
  console.log(`no corpus at CORPUS_DIR=${corpusDir}: measuring the project's ${mailFixtures.length} fixtures instead`);
  return { set: "fixtures (test/fixtures/mail)", mails: mailFixtures.map((f) => f.raw) };
}

const { set, mails } = mailSet();
const rows: Row[] = [await measure(set, mails)];
for (const { name, raw } of largeMails()) rows.push(await measure(name, [raw]));

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const results = rows.map((r) => ({
  ...r,
  wasmMBps: +mbps(r.bytes, r.wasmMs).toFixed(1),
  postalMBps: +mbps(r.bytes, r.postalMs).toFixed(1),
  wasmMsgPerSec: +(r.messages / (r.wasmMs / 1000)).toFixed(0),
  postalMsgPerSec: +(r.messages / (r.postalMs / 1000)).toFixed(0),
  ratio: +(r.postalMs / r.wasmMs).toFixed(2),
  copyInShare: +(r.copyInMs / r.wasmMs).toFixed(3),
}));

console.log(`best of ${rounds} rounds, Node ${process.version}`);
console.table(
  results.map((r) => ({
    set: r.set,
    msgs: r.messages,
    MB: +(r.bytes / 1e6).toFixed(2),
    "wasm MB/s": r.wasmMBps,
    "postal MB/s": r.postalMBps,
    "wasm msg/s": r.wasmMsgPerSec,
    "postal msg/s": r.postalMsgPerSec,
    ratio: r.ratio,
    "copy-in ms": +r.copyInMs.toFixed(2),
    "copy-in share": r.copyInShare,
  })),
);
const report = { date: new Date().toISOString(), node: process.version, rounds, results };
console.log(JSON.stringify(report, null, 2));
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/parse-${report.date.slice(0, 10)}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${file}`);
