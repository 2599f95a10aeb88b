// A 20 MB mail: from the start of the delivery POST to the `message` frame on a
// subscribed socket (the Worker reads, parses and hashes it, streams it to the
// Mailbox, which stores it in chunks and pushes). One at a time, `runs` times.
import { randomBytes } from "node:crypto";
import { deliver } from "../lib/http.ts";
import { claim, subscribe } from "../lib/mailbox.ts";
import { now, type Summary, summarize } from "../lib/stats.ts";

export interface LargeResult {
  bytes: number;
  runs: number;
  /** POST start → frame */
  frame: Summary;
  /** the POST's own round trip */
  accept: Summary;
}

/** A mail of about `bytes` bytes: a short text part and one base64 attachment. */
function largeMail(to: string, marker: string, bytes: number): Uint8Array {
  const b64 = randomBytes(Math.floor((bytes * 3) / 4 / 1.027))
    .toString("base64")
    .replace(/.{76}/g, "$&\r\n");
  return Buffer.from(
    `From: Big Sender <big@sender.example>\r\nTo: ${to}\r\nSubject: ${marker} big file\r\nMessage-ID: <${marker}@bench.example>\r\n` +
      `Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="big"\r\n\r\n` +
      `--big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe file is attached.\r\n` +
      `--big\r\nContent-Type: application/octet-stream; name="big.bin"\r\nContent-Disposition: attachment; filename="big.bin"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--big--\r\n`,
  );
}

export async function runLarge(base: string, opts: { runs: number; bytes: number; run: string }): Promise<LargeResult> {
  const m = await claim(base, `large-${opts.run}`);
  const sub = await subscribe(base, m, 0);
  const frame: number[] = [];
  const accept: number[] = [];
  let size = 0;
  for (let i = 0; i < opts.runs; i++) {
    const marker = `L${i}`;
    const raw = largeMail(m.address, marker, opts.bytes);
    size = raw.byteLength;
    const seen = new Promise<number>((done) => {
      sub.onFrame = (f, at) => {
        if (f.type === "message" && String(f.message?.subject).startsWith(`${marker} `)) done(at);
      };
    });
    const t0 = now();
    const r = await deliver(base, "big@sender.example", m.address, raw);
    accept.push(now() - t0);
    if (r.status !== 200) throw new Error(`large delivery ${marker}: ${r.status} ${r.body}`);
    frame.push((await seen) - t0);
  }
  sub.close();
  return { bytes: size, runs: opts.runs, frame: summarize(frame), accept: summarize(accept) };
}
