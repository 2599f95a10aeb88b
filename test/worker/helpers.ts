// Test helpers: claim addresses, deliver mail through the real `email()`
// handler, and open WebSockets to the Worker — all inside workerd.
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Mailbox } from "../../objects/mailbox";
import type { MailboxParts } from "../../objects/mailbox/parts";
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
  /** destinations email() called message.forward() with, in order */
  forwarded: string[];
}

/**
 * Calls the Worker's email() handler as Email Routing would. `rawSize` is the
 * size the platform declares, honest unless a test says otherwise (a stream
 * longer than its declared size must still be caught); `forward` answers
 * message.forward() (default: accepted); `vars` overrides the Worker's settings for this one call.
 */
export async function deliver(
  to: string,
  raw: string | Uint8Array,
  from = "sender@example.com",
  opts: { rawSize?: number; forward?: (to: string) => Promise<unknown>; vars?: Partial<typeof env> } = {},
): Promise<EmailOutcome> {
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  let rejected: string | null = null;
  const forwarded: string[] = [];
  const message = {
    from,
    to,
    raw: new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(),
    rawSize: opts.rawSize ?? bytes.byteLength,
    headers: new Headers(),
    setReject(reason: string) {
      rejected = reason;
    },
    forward: async (dest: string) => {
      forwarded.push(dest);
      return opts.forward ? opts.forward(dest) : { messageId: "" };
    },
    reply: async () => ({ messageId: "" }),
  } as unknown as ForwardableEmailMessage;
  const ctx = createExecutionContext();
  await worker.email(message, opts.vars ? { ...env, ...opts.vars } : env, ctx);
  await waitOnExecutionContext(ctx);
  return { rejected, forwarded };
}

/** Runs `fn` inside the address's Mailbox with its parts and SQL: to set up a state (an old row, a config value) a test cannot reach from outside. */
export function insideMailbox<T>(
  address: string,
  fn: (parts: MailboxParts, sql: SqlStorage, state: DurableObjectState) => T | Promise<T>,
): Promise<T> {
  return runInDurableObject(env.MAILBOX.getByName(address), (obj: Mailbox, state) => {
    const { parts } = obj as unknown as { parts: MailboxParts };
    return fn(parts, state.storage.sql, state);
  });
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
    /** Resolves once every frame the server sent before now has arrived: the server answers a non-ping text in order, after them. */
    async settle(ms = 5000): Promise<void> {
      const replies = () => frames.filter((f) => typeof f !== "string" && (f as { type: string }).type === "error").length;
      const want = replies() + 1;
      ws.send("settle");
      await this.until(() => replies() >= want, ms);
    },
    close() {
      ws.close(1000, "done");
    },
  };
}

export function messageFrames(frames: (ServerFrame | string)[]) {
  return frames.filter((f): f is Extract<ServerFrame, { type: "message" }> => typeof f !== "string" && f.type === "message");
}

/** Rows read and written by every statement `fn` runs inside the object. */
export async function counted<T>(sql: SqlStorage, fn: () => T | Promise<T>): Promise<{ result: T; read: number; written: number }> {
  const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  // The runtime's own exec, wrapped for the duration: every cursor the object opens is kept.
  const proto = Object.getPrototypeOf(sql) as SqlStorage;
  const exec = proto.exec;
  proto.exec = function (this: SqlStorage, query: string, ...bindings: unknown[]) {
    const c = exec.call(this, query, ...bindings);
    cursors.push(c);
    return c;
  } as SqlStorage["exec"];
  try {
    const result = await fn();
    return {
      result,
      read: cursors.reduce((n, c) => n + c.rowsRead, 0),
      written: cursors.reduce((n, c) => n + c.rowsWritten, 0),
    };
  } finally {
    proto.exec = exec;
  }
}
