// GET /mailtm/.well-known/mercure: mail.tm's live stream as server-sent events, fed by the Mailbox's WebSocket push (no polling).
import { socketRequest } from "../../objects/mailbox/socket-request";
import { readConfig } from "../contract/config";
import type { ServerFrame } from "../contract/wire";
import type { Env } from "../env";
import { CORS_HEADERS } from "../http/cors";
import type { Router } from "../http/router";
import { account, codeError, member, messageItem, platformError } from "./format";
import { messageHexId, parseMessageHexId } from "./ids";
import { mailtm, type Session, session } from "./session";

/** "Replay nothing": the newest possible cursor. */
const LIVE_ONLY = Number.MAX_SAFE_INTEGER;

function topicAccount(topic: string): string | null {
  const m = /(?:^|\/)accounts\/([0-9a-f]{24})$/.exec(topic);
  return m ? m[1] : null;
}

/** Opens the Mailbox's WebSocket from inside the Worker, as a client of its push. */
async function subscribe(s: Session, since: number): Promise<WebSocket> {
  const res = await s.mailbox.stub.fetch(
    socketRequest(`https://mailbox.internal/ws?since=${since}`, { epoch: s.epoch }, undefined, "events"),
  );
  if (res.status === 429) {
    const refusal = await res.json<{ error: { message: string } }>();
    throw codeError(429, refusal.error.message, { "Retry-After": res.headers.get("retry-after") ?? "10" });
  }
  if (!res.webSocket) throw codeError(401, "Invalid JWT Token");
  res.webSocket.accept();
  return res.webSocket;
}

function sse(data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}

/** The events one Mailbox frame becomes, in mail.tm's JSON-LD. */
async function eventsFor(s: Session, frame: ServerFrame): Promise<string[]> {
  // mail.tm knows arrived mail only: what this address sent is not its business.
  if (frame.type === "message" && frame.message.folder === "inbox") {
    const [record, meta] = await Promise.all([s.mailbox.run("mailtmMessage", frame.message.id, false), s.mailbox.run("meta")]);
    const item = messageItem(s.accountId, record);
    return [
      sse(member(null, "Message", `/messages/${item.id}`, item), item.id),
      sse(member(null, "Account", `/accounts/${s.accountId}`, account(s.accountId, meta))),
    ];
  }
  if (frame.type === "deleted") {
    const id = messageHexId(s.accountId, frame.id);
    return [sse({ "@id": `/messages/${id}`, "@type": "Message", id, isDeleted: true })];
  }
  return [];
}

export function mailtmEventRoutes(router: Router): void {
  router.get(
    "/mailtm/.well-known/mercure",
    mailtm(async (req, env: Env) => {
      const s = await session(req, env, true);
      const url = new URL(req.url);
      const topics = url.searchParams.getAll("topic");
      if (topics.length === 0) throw platformError(400, 'Missing "topic" parameter.');
      for (const topic of topics) {
        if (topicAccount(topic) !== s.accountId) throw codeError(403, `This token may only subscribe to /accounts/${s.accountId}`);
      }
      // Resuming: Mercure clients send the last event id they saw.
      const last = req.headers.get("last-event-id") ?? url.searchParams.get("lastEventID");
      const since = last ? (parseMessageHexId(s.accountId, last) ?? LIVE_ONLY) : LIVE_ONLY;
      const ws = await subscribe(s, since);

      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
      const writer = writable.getWriter();
      const encoder = new TextEncoder();
      let open = true;
      let keepalive: ReturnType<typeof setInterval> | undefined;
      const write = (text: string) => writer.write(encoder.encode(text)).catch(() => close());
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(keepalive);
        try {
          ws.close(1000, "subscriber left");
        } catch {
          // already closed
        }
        writer.close().catch(() => {});
      };
      // Comment lines keep proxies and clients from timing the stream out.
      keepalive = setInterval(() => void write(":\n\n"), readConfig(env).mailtmKeepaliveSeconds * 1000);
      // Frames are handled one after another, so events keep the Mailbox's order.
      let queue = Promise.resolve();
      ws.addEventListener("message", (e) => {
        const text = typeof e.data === "string" ? e.data : "";
        if (!text.startsWith("{")) return;
        const frame = JSON.parse(text) as ServerFrame;
        queue = queue.then(async () => {
          if (!open) return;
          if (frame.type === "expired") return close();
          for (const event of await eventsFor(s, frame).catch(() => [])) await write(event);
        });
      });
      ws.addEventListener("close", () => void queue.then(close));
      ws.addEventListener("error", () => void queue.then(close));
      void write(":ok\n\n");
      return new Response(readable, {
        headers: {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          "x-accel-buffering": "no",
          ...CORS_HEADERS,
        },
      });
    }),
  );
}
