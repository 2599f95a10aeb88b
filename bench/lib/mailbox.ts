// The client side of one mailbox: claim it, and subscribe to its WebSocket.
import WebSocket from "ws";
import { http, json } from "./http.ts";
import { runPool } from "./pool.ts";
import { now } from "./stats.ts";

export interface Claimed {
  address: string;
  token: string;
}

export async function claim(base: string, name: string): Promise<Claimed> {
  const r = await http(`${base}/api/v1/addresses`, { method: "POST", body: JSON.stringify({ name }) });
  if (r.status !== 201) throw new Error(`claim ${name}: ${r.status} ${r.body}`);
  const { address, token } = json(r);
  return { address, token };
}

export async function claimMany(base: string, prefix: string, count: number, concurrency = 16): Promise<Claimed[]> {
  const out: Claimed[] = new Array(count);
  await runPool(count, concurrency, async (i) => {
    out[i] = await claim(base, `${prefix}-${i}`);
  });
  return out;
}

export function authed(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export interface Frame {
  type: string;
  [k: string]: any;
}

/** A subscribed socket that timestamps every frame on arrival. */
export interface Subscriber {
  ws: WebSocket;
  frames: { at: number; frame: Frame }[];
  onFrame?: (frame: Frame, at: number) => void;
  close: () => void;
}

/**
 * `onFrame` is in place before the upgrade completes: the hello and the first replayed frames can come
 * in the same packet as the 101 and be handed over before a caller awaiting this could set one.
 */
export function subscribe(base: string, m: Claimed, since: number, onFrame?: Subscriber["onFrame"]): Promise<Subscriber> {
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}/api/v1/mailboxes/${m.address}/ws?since=${since}`, {
    headers: authed(m.token),
    perMessageDeflate: false,
  });
  const sub: Subscriber = { ws, frames: [], onFrame, close: () => ws.close() };
  ws.on("message", (data) => {
    const at = now();
    const frame = JSON.parse(String(data)) as Frame;
    sub.frames.push({ at, frame });
    sub.onFrame?.(frame, at);
  });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(sub));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`ws upgrade refused: ${res.statusCode}`)));
  });
}
