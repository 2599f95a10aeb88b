// Mail to deliver: real messages from the corpus (CORPUS_DIR; the project's
// own fixtures when it is absent) and generated ones (verification codes,
// HTML newsletters, a small attachment), deterministic by index.
import { corpusDir, corpusFiles, corpusFound } from "../../test/corpus-dir.ts";
import { mailFixtures } from "../../test/fixtures/mail/index.ts";

export { ROOT } from "../../test/corpus-dir.ts";
export const DOMAIN = "pigeonhole.test";

/** What loadCorpus reads, for the bench's output. */
export const corpusSource = corpusFound
  ? `corpus ${corpusDir}`
  : `the project's ${mailFixtures.length} fixtures (test/fixtures/mail): no corpus at CORPUS_DIR=${corpusDir}`;

export interface CorpusMail {
  name: string;
  raw: Uint8Array;
  /** envelope sender: the From header's address where there is one */
  from: string;
}

/** The corpus's messages, or the fixtures' when it is absent (see corpusSource). */
export function loadCorpus(maxBytes = Infinity): CorpusMail[] {
  const files = corpusFound ? corpusFiles() : mailFixtures.map(({ name, raw }) => ({ name, raw }));
  return files
    .map(({ name, raw }) => {
      const head = Buffer.from(raw.subarray(0, 16384)).toString("latin1");
      const m = /^From:[^\r\n]*?([^\s<>"]+@[^\s<>"]+)/im.exec(head);
      return { name, raw, from: m ? m[1] : "sender@example.com" };
    })
    .filter((m) => m.raw.byteLength <= maxBytes);
}

const enc = new TextEncoder();
const LOREM =
  "Thanks for signing up. Here is everything you need to get started with your new account, " +
  "including a few tips on staying secure and getting the most from the service. ";

/** A generated message addressed to `to`; `marker` ends up in the Subject. */
export function generatedMail(i: number, to: string, marker = `gen-${i}`): Uint8Array {
  const head =
    `From: Example Service <no-reply@service${i % 7}.example>\r\n` +
    `To: ${to}\r\n` +
    `Message-ID: <${marker}.${i}@bench.example>\r\n` +
    `Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n` +
    `MIME-Version: 1.0\r\n`;
  const code = String(100000 + ((i * 7919) % 900000));
  switch (i % 3) {
    case 0:
      return enc.encode(
        head +
          `Subject: ${marker} Your verification code\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
          `Your verification code is ${code}. It expires in 10 minutes.\r\n`,
      );
    case 1: {
      const html =
        `<html><body><h1>Welcome</h1>${`<p>${LOREM}</p>`.repeat(30)}` +
        `<p><a href="https://service.example/verify?t=${code}abc">Confirm your email</a></p></body></html>`;
      return enc.encode(
        head +
          `Subject: ${marker} Welcome aboard\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n` +
          `--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${LOREM.repeat(30)}\r\n` +
          `--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--b1--\r\n`,
      );
    }
    default: {
      const attachment = Buffer.alloc(12 * 1024, i % 251)
        .toString("base64")
        .replace(/.{76}/g, "$&\r\n");
      return enc.encode(
        head +
          `Subject: ${marker} Your invoice\r\nContent-Type: multipart/mixed; boundary="b2"\r\n\r\n` +
          `--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour invoice is attached.\r\n` +
          `--b2\r\nContent-Type: application/pdf; name="invoice-${i}.pdf"\r\n` +
          `Content-Disposition: attachment; filename="invoice-${i}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
          `${attachment}\r\n--b2--\r\n`,
      );
    }
  }
}

export interface Outgoing {
  from: string;
  raw: Uint8Array;
}

/** The i-th mail of a run: even indexes cycle through the corpus, odd ones are generated. */
export function mailAt(i: number, to: string, corpus: CorpusMail[], tag = "m"): Outgoing {
  if (corpus.length > 0 && i % 2 === 0) {
    const c = corpus[(i / 2) % corpus.length];
    return { from: c.from, raw: c.raw };
  }
  return { from: "no-reply@service.example", raw: generatedMail(i, to, `${tag}-${i}`) };
}
