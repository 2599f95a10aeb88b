// Push latency of the mail.tm event stream against the v1 WebSocket:
// delivery POST → SSE `Message` event, and → WebSocket `message` frame, over
// N sequential deliveries on `wrangler dev`. Run: npm run bench:mailtm [-- N]
import WebSocket from "ws";
import { deliverHttp, startService } from "../test/node/service.ts";

const N = Number(process.argv[2] ?? 100);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const svc = await startService();
try {
  const address = `bench${Date.now().toString(36)}@pigeonhole.test`;
  const password = "bench password";
  await fetch(`${svc.url}/mailtm/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ address, password }),
  });
  const { id, token } = await (
    await fetch(`${svc.url}/mailtm/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address, password }),
    })
  ).json();

  // SSE subscriber
  const sseArrivals = new Map<string, number>();
  const res = await fetch(`${svc.url}/mailtm/.well-known/mercure?topic=/accounts/${id}`, { headers: { authorization: `Bearer ${token}` } });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) return;
      buf += value;
      for (let cut = buf.indexOf("\n\n"); cut >= 0; cut = buf.indexOf("\n\n")) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (!data) continue;
        const ev = JSON.parse(data.slice(6));
        if (ev["@type"] === "Message" && !ev.isDeleted) sseArrivals.set(ev.subject, performance.now());
      }
    }
  })();

  // WebSocket subscriber on the same mailbox (v1)
  const wsArrivals = new Map<string, number>();
  const ws = new WebSocket(`${svc.url.replace("http", "ws")}/api/v1/mailboxes/${address}/ws?since=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  ws.on("message", (d) => {
    const f = JSON.parse(String(d));
    if (f.type === "message") wsArrivals.set(f.message.subject, performance.now());
  });
  await new Promise((r) => ws.once("open", r));
  await new Promise((r) => setTimeout(r, 500));

  const sse: number[] = [];
  const wsl: number[] = [];
  for (let i = 0; i < N; i++) {
    const subject = `bench-${i}`;
    const raw = `From: a@example.com\r\nTo: ${address}\r\nSubject: ${subject}\r\nMessage-ID: <b${i}.${Date.now()}@example.com>\r\n\r\ncode ${100000 + i}\r\n`;
    const t0 = performance.now();
    await deliverHttp(svc.url, "a@example.com", address, raw);
    const deadline = Date.now() + 5000;
    while ((!sseArrivals.has(subject) || !wsArrivals.has(subject)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    if (sseArrivals.has(subject)) sse.push(sseArrivals.get(subject)! - t0);
    if (wsArrivals.has(subject)) wsl.push(wsArrivals.get(subject)! - t0);
  }
  ws.close();
  await reader.cancel().catch(() => {});
  const fmt = (xs: number[]) =>
    `n=${xs.length} p50=${pct(xs, 50).toFixed(1)} ms p95=${pct(xs, 95).toFixed(1)} ms max=${Math.max(...xs).toFixed(1)} ms`;
  console.log(`mail.tm SSE  delivery POST → Message event : ${fmt(sse)}`);
  console.log(`v1 WebSocket delivery POST → message frame : ${fmt(wsl)}`);
  if (sse.length < N) process.exitCode = 1;
} finally {
  await svc.stop();
}
process.exit();
