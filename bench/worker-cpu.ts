// npm run bench:worker-cpu: the Worker's own JavaScript per inbound mail, part by
// part, over the ingest scenario's mail mix (corpus and generated, alternating),
// in Node's V8: parse (wasm-parser), codes, the snippet, attachment hashes,
// and the structured clone the RPC to the Mailbox makes of the Delivery. Best of 5.
import { findCodes } from "../src/mail/codes";
import { htmlText } from "../src/mail/html-text";
import { loadWasmParser } from "../wasm-parser/scripts/load-node";
import { loadCorpus, mailAt } from "./lib/mail";

const parser = loadWasmParser();
const corpus = loadCorpus(256 * 1024);
const N = 400;
const mails = Array.from({ length: N }, (_, i) => mailAt(i, "bench@pigeonhole.test", corpus, "cpu"));

async function sha256(bytes: Uint8Array): Promise<void> {
  await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
}

const parts = { parse: Infinity, codes: Infinity, snippet: Infinity, hashing: Infinity, clone: Infinity };
for (let round = 0; round < 5; round++) {
  const t = { parse: 0, codes: 0, snippet: 0, hashing: 0, clone: 0 };
  for (const m of mails) {
    let t0 = performance.now();
    const mail = parser.parseMail(m.raw);
    t.parse += performance.now() - t0;
    t0 = performance.now();
    findCodes({ subject: mail.subject, text: mail.text, html: mail.html, addresses: [] });
    t.codes += performance.now() - t0;
    t0 = performance.now();
    const body = mail.text ?? (mail.html ? htmlText(mail.html, 4000).text : "");
    body
      .slice(0, 64 * 1024)
      .replace(/\s+/g, " ")
      .trim();
    t.snippet += performance.now() - t0;
    t0 = performance.now();
    for (const a of mail.attachments) await sha256(a.content);
    t.hashing += performance.now() - t0;
    t0 = performance.now();
    structuredClone({ ...mail, attachments: mail.attachments.map((a) => ({ ...a, content: null })), raw: m.raw });
    t.clone += performance.now() - t0;
  }
  for (const k of Object.keys(parts) as (keyof typeof parts)[]) parts[k] = Math.min(parts[k], t[k]);
}
const total = Object.values(parts).reduce((a, b) => a + b, 0);
console.log(`Worker JavaScript per mail over ${N} mails of the ingest mix (best of 5, Node ${process.version}):`);
for (const [k, ms] of Object.entries(parts)) console.log(`  ${k.padEnd(8)} ${(ms / N).toFixed(3)} ms  ${Math.round((ms / total) * 100)}%`);
console.log(`  total    ${(total / N).toFixed(3)} ms`);
