// Push latency: from the delivery POST to the `message` frame on every
// subscribed socket, one delivery at a time, fanned out to 1, 10, 100 sockets.
import { deliver } from "../lib/http.ts";
import { generatedMail } from "../lib/mail.ts";
import { claim, type Frame, subscribe } from "../lib/mailbox.ts";
import { now, type Summary, summarize } from "../lib/stats.ts";

export interface PushResult {
  sockets: number;
  deliveries: number;
  /** every (socket, delivery) pair */
  frame: Summary;
  /** until the last socket of the fan-out had it */
  lastSocket: Summary;
  /** the POST's own round trip */
  accept: Summary;
}

export async function runPush(base: string, opts: { deliveries: number; fanouts: number[]; run: string }): Promise<PushResult[]> {
  const out: PushResult[] = [];
  for (const k of opts.fanouts) {
    const m = await claim(base, `push-${opts.run}-${k}`);
    const subs = await Promise.all(Array.from({ length: k }, () => subscribe(base, m, 0)));
    let expect: { marker: string; left: number; arrivals: number[]; done: () => void } | null = null;
    const onFrame = (f: Frame, at: number) => {
      if (f.type !== "message" || !expect || !String(f.message?.subject).startsWith(`${expect.marker} `)) return;
      expect.arrivals.push(at);
      if (--expect.left === 0) expect.done();
    };
    for (const s of subs) s.onFrame = onFrame;
    const frame: number[] = [];
    const last: number[] = [];
    const accept: number[] = [];
    for (let i = 0; i < opts.deliveries; i++) {
      const marker = `p${k}-${i}`;
      const raw = generatedMail(i * 3, m.address, marker); // the small verification-code kind
      let timer: NodeJS.Timeout | undefined;
      const all = new Promise<void>((done, fail) => {
        expect = { marker, left: k, arrivals: [], done };
        timer = setTimeout(() => fail(new Error(`push ${marker}: ${expect?.left} of ${k} sockets never got the frame`)), 10_000);
      });
      const t0 = now();
      const r = await deliver(base, "no-reply@service.example", m.address, raw);
      accept.push(now() - t0);
      if (r.status !== 200) throw new Error(`push delivery ${marker}: ${r.status} ${r.body}`);
      await all;
      clearTimeout(timer);
      const arrivals = expect!.arrivals;
      for (const at of arrivals) frame.push(at - t0);
      last.push(Math.max(...arrivals) - t0);
    }
    for (const s of subs) s.close();
    out.push({ sockets: k, deliveries: opts.deliveries, frame: summarize(frame), lastSocket: summarize(last), accept: summarize(accept) });
  }
  return out;
}
