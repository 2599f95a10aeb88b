import { readFileSync } from "node:fs";
const profile = JSON.parse(readFileSync(process.argv[2], "utf8"));
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map<number, number>(); profile.samples.forEach((s: number, i: number) => counts.set(s, (counts.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
let total = 0, idle = 0; const incl = new Map<string, number>();
for (const [id, t] of counts) { total += t; const n: any = byId.get(id); if (n.callFrame.functionName === "(idle)") idle += t;
  const seen = new Set<string>(); let cur: any = id; while (cur !== undefined) { const m: any = byId.get(cur); const f = m.callFrame.functionName || "(anon)"; const k = `${f}:${m.callFrame.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); } cur = parent.get(cur); } }
const busy = total - idle;
console.log("busy ms", (busy/1000).toFixed(0));
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log((100 * v / busy).toFixed(1).padStart(5) + "%", k);
