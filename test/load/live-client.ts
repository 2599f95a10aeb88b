// A subscriber that behaves like a real script on a bad network: it drops
// its WebSocket at random, reconnects with since=<last id seen>, and checks
// every `message` frame is exactly the next id: no gap, no repeat, in order.
import WebSocket from "ws";

export class LiveClient {
  seen: number[] = [];
  /** id → Subject as pushed, to compare with what the mailbox finally holds */
  subjects = new Map<number, string | null>();
  lastId = 0;
  errors: string[] = [];
  reconnects = 0;
  private ws: WebSocket | null = null;
  private generation = 0;
  private stopped = false;
  private connected = false;

  constructor(
    public base: string,
    readonly address: string,
    readonly token: string,
    private readonly random: () => number = Math.random,
  ) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /** Opens a socket with since=lastId; retries (e.g. while the service restarts) until stopped. */
  connect(): void {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.connected = false;
    const ws = new WebSocket(`${this.base.replace(/^http/, "ws")}/api/v1/mailboxes/${this.address}/ws?since=${this.lastId}`, {
      headers: { Authorization: `Bearer ${this.token}` },
      perMessageDeflate: false,
    });
    this.ws = ws;
    ws.on("open", () => {
      if (gen === this.generation) this.connected = true;
    });
    ws.on("message", (data) => {
      // Frames from a socket we already gave up on are ignored: the next
      // connection asks again from lastId, which is the point of the test.
      if (gen !== this.generation) return;
      const f = JSON.parse(String(data));
      if (f.type !== "message") return;
      const id = f.message.id as number;
      if (id !== this.lastId + 1) this.errors.push(`${this.address}: got id ${id} after ${this.lastId}`);
      if (id > this.lastId) this.lastId = id;
      this.seen.push(id);
      this.subjects.set(id, f.message.subject);
    });
    const retry = () => {
      if (gen !== this.generation || this.stopped) return;
      this.connected = false;
      this.generation++;
      setTimeout(() => this.connect(), 100 + this.random() * 300);
    };
    ws.on("close", retry);
    ws.on("error", () => {}); // a close event follows
    ws.on("unexpected-response", (_req, res) => {
      if (gen === this.generation && res.statusCode !== 502 && res.statusCode !== 503) {
        this.errors.push(`${this.address}: upgrade refused with ${res.statusCode}`);
      }
      ws.terminate();
    });
  }

  /** Drops the connection (politely or abruptly) and reconnects after a short pause. */
  drop(): void {
    const ws = this.ws;
    this.generation++;
    this.connected = false;
    this.reconnects++;
    if (ws) {
      if (this.random() < 0.5) ws.terminate();
      else ws.close();
    }
    setTimeout(() => this.connect(), this.random() * 500);
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.ws?.terminate();
  }
}

/** Resolves when `ok()` holds, or rejects with `why()` after `ms`. */
export async function until(ok: () => boolean, ms: number, why: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${why()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { seeded } from "./live-client-seed";
