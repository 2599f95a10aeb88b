import WebSocket from "ws";
import { deliver } from "/work/wt-bench/bench/lib/http.ts";
import { claimMany } from "/work/wt-bench/bench/lib/mailbox.ts";
import { loadCorpus, mailAt } from "/work/wt-bench/bench/lib/mail.ts";
import { runPool } from "/work/wt-bench/bench/lib/pool.ts";
import { writeFileSync } from "node:fs";
const base = "http://127.0.0.1:38111";
const ws = new WebSocket("ws://127.0.0.1:39339/ws");
await new Promise((r) => ws.once("open", r));
let seq = 0; const pending = new Map();
ws.on("message", (d) => { const m = JSON.parse(String(d)); if (m.id && pending.has(m.id)) { pending.get(m.id)(m.result ?? m.error); pending.delete(m.id); } });
const send = (method: string, params = {}) => new Promise<any>((r) => { const id = ++seq; pending.set(id, r); ws.send(JSON.stringify({ id, method, params })); });
const tag = process.argv[2] ?? "p";
const boxes = await claimMany(base, `prof-${tag}`, 100);
const corpus = loadCorpus(256 * 1024).filter((c) => !/outofmemory|large/.test(c.name));
await send("Profiler.enable"); await send("Profiler.setSamplingInterval", { interval: 250 }); await send("Profiler.start");
const t0 = Date.now(); let ok = 0, bad = 0;
const N = Number(process.argv[3] ?? 1500);
await runPool(N, 32, async (i) => { const to = boxes[i % 100].address; const m = mailAt(i, to, corpus, tag); const r = await deliver(base, m.from, to, m.raw); r.status === 200 ? ok++ : bad++; });
const secs = (Date.now() - t0) / 1000;
const { profile } = await send("Profiler.stop");
console.log("rate", (N / secs).toFixed(1), "ok", ok, "bad", bad);
writeFileSync(`/tmp/prof/${tag}.cpuprofile`, JSON.stringify(profile));
// self time by function
const self = new Map<string, number>(); const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const dt = profile.timeDeltas; const counts = new Map<number, number>();
profile.samples.forEach((s: number, i: number) => counts.set(s, (counts.get(s) ?? 0) + (dt[i] ?? 0)));
let total = 0;
for (const [id, t] of counts) { const n: any = byId.get(id); const cf = n.callFrame; const key = `${cf.functionName || "(anon)"} ${cf.url.split("/").slice(-2).join("/")}:${cf.lineNumber}`; self.set(key, (self.get(key) ?? 0) + t); total += t; }
console.log("total sampled ms", (total / 1000).toFixed(0), "wall", secs);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 35)) console.log((v / 1000).toFixed(0).padStart(7), (100 * v / total).toFixed(1).padStart(5) + "%", k);
// inclusive by url file
const incl = new Map<string, number>();
const parent = new Map<number, number>(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
for (const [id, t] of counts) { const seen = new Set<string>(); let cur: any = id; while (cur !== undefined) { const n: any = byId.get(cur); const f = n.callFrame.url.split("/").slice(-2).join("/") || n.callFrame.functionName; if (!seen.has(f)) { seen.add(f); incl.set(f, (incl.get(f) ?? 0) + t); } cur = parent.get(cur); } }
console.log("--- inclusive by file");
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5) + "%", k);
process.exit(0);
