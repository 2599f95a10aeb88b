// Sending latency: from POST …/send to the SMTP relay (a real smtp-server on this machine)
// holding the message, one send at a time, through the outbox and its alarm.
import type { AddressInfo } from "node:net";
import { RELAY_PASS, RELAY_USER } from "../../test/fake-relay/credentials.ts";
import { startRelay } from "../../test/fake-relay/server.ts";
import { type Service, startService } from "../../test/node/service.ts";
import { authed, claim } from "../lib/mailbox.ts";
import { now, type Summary, summarize } from "../lib/stats.ts";

export interface SendResult {
  sends: number;
  /** POST …/send until the relay has the whole message */
  relayed: Summary;
  /** the POST's own round trip (202) */
  accept: Summary;
}

export async function runSend(opts: { sends: number; run: string }, started: (svc: Service) => void): Promise<SendResult> {
  const waiting = new Map<string, (at: number) => void>();
  const relay = startRelay({ onMessage: (m) => waiting.get(m.to[0])?.(now()) });
  await new Promise<void>((r) => relay.smtp.listen(0, "127.0.0.1", r));
  const port = (relay.smtp.server.address() as AddressInfo).port;
  const svc = await startService({
    vars: {
      SEND_TRANSPORT: "smtp",
      SMTP_URL: `smtp://${RELAY_USER}:${RELAY_PASS}@127.0.0.1:${port}`,
      SEND_DAILY_QUOTA: String(opts.sends * 2),
      SEND_RATE_PER_MINUTE: "0",
    },
  });
  started(svc);
  try {
    const m = await claim(svc.url, `send-${opts.run}`);
    const relayed: number[] = [];
    const accept: number[] = [];
    for (let i = 0; i < opts.sends; i++) {
      const rcpt = `bench-${opts.run}-${i}@example.net`;
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`send ${i}: the relay never got it`)), 30_000);
        waiting.set(rcpt, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      const t0 = now();
      const res = await fetch(`${svc.url}/api/v1/mailboxes/${m.address}/send`, {
        method: "POST",
        headers: authed(m.token),
        body: JSON.stringify({ to: [rcpt], subject: `bench ${i}`, text: "Your code is 123456." }),
      });
      accept.push(now() - t0);
      if (res.status !== 202) throw new Error(`send ${i}: ${res.status} ${await res.text()}`);
      relayed.push((await arrived) - t0);
      waiting.delete(rcpt);
    }
    return { sends: opts.sends, relayed: summarize(relayed), accept: summarize(accept) };
  } finally {
    await svc.stop();
    await new Promise<void>((r) => relay.smtp.close(() => r()));
  }
}
