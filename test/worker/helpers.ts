// Test helpers: claim addresses, deliver mail through the real `email()`
// handler, and open WebSockets to the Worker — all inside workerd.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { CreateAddressResponse, ServerFrame } from "../../src/contract/wire";
import worker from "../../src/index";

export const DOMAIN = "pigeonhole.test";
export const BASE = "http://pigeonhole.test";

/** Calls the Worker. Each call comes from its own client IP unless one is given, so the per-IP creation limit only bites where a test means it to. */
export function api(path: string, init?: RequestInit): Promise<Response> {
  const req = new Request(BASE + path, init);
  if (!req.headers.has("cf-connecting-ip"))
    req.headers.set("cf-connecting-ip", `203.0.113.${Math.floor(Math.random() * 250)}:${crypto.randomUUID()}`);
  return exports.default.fetch(req);
}

export async function claim(name?: string): Promise<CreateAddressResponse> {
  const res = await api("/api/v1/addresses", {
    method: "POST",
    body: JSON.stringify(name ? { name } : {}),
  });
  if (res.status !== 201) throw new Error(`claim failed: ${res.status} ${await res.text()}`);
  return res.json();
}

export function auth(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` } };
}

export function rawMessage(opts: { to: string; subject?: string; body?: string; from?: string; headers?: string }): string {
  return (
    `From: ${opts.from ?? "Sender <sender@example.com>"}\r\n` +
    `To: ${opts.to}\r\n` +
    `Subject: ${opts.subject ?? "Hello"}\r\n` +
    `Message-ID: <${crypto.randomUUID()}@example.com>\r\n` +
    `Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n` +
    (opts.headers ?? "") +
    `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
    `${opts.body ?? "Hi there."}\r\n`
  );
}

export interface EmailOutcome {
  rejected: string | null;
}

/** Calls the Worker's email() handler as Email Routing would. */
export async function deliver(to: string, raw: string | Uint8Array, from = "sender@example.com"): Promise<EmailOutcome> {
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  let rejected: string | null = null;
  const message = {
    from,
    to,
    raw: new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(),
    rawSize: bytes.byteLength,
    headers: new Headers(),
    setReject(reason: string) {
      rejected = reason;
    },
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  } as unknown as ForwardableEmailMessage;
  const ctx = createExecutionContext();
  await worker.email(message, env, ctx);
  await waitOnExecutionContext(ctx);
  return { rejected };
}

/** A WebSocket to a mailbox, collecting frames. */
export async function openSocket(address: string, token: string, since?: number) {
  const qs = since === undefined ? "" : `?since=${since}`;
  const res = await api(`/api/v1/mailboxes/${address}/ws${qs}`, {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` },
  });
  if (!res.webSocket) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  const frames: (ServerFrame | string)[] = [];
  const listeners: (() => void)[] = [];
  ws.accept();
  ws.addEventListener("message", (e) => {
    const data = String(e.data);
    frames.push(data.startsWith("{") ? (JSON.parse(data) as ServerFrame) : data);
    for (const l of listeners.splice(0)) l();
  });
  let closed: { code: number } | null = null;
  ws.addEventListener("close", (e) => {
    closed = { code: e.code };
    for (const l of listeners.splice(0)) l();
  });
  return {
    ws,
    frames,
    get closed() {
      return closed;
    },
    /** Resolves when `predicate(frames)` holds, or rejects after `ms`. */
    async until(predicate: (f: (ServerFrame | string)[]) => boolean, ms = 5000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate(frames)) {
        if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(frames).slice(0, 500)}`);
        await new Promise<void>((r) => {
          listeners.push(r);
          setTimeout(r, 50);
        });
      }
    },
    close() {
      ws.close(1000, "done");
    },
  };
}

export function messageFrames(frames: (ServerFrame | string)[]) {
  return frames.filter((f): f is Extract<ServerFrame, { type: "message" }> => typeof f !== "string" && f.type === "message");
}
