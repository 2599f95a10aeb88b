// A fake Telegram Bot API, webhook receiver and Turnstile siteverify: a real HTTP server on
// 127.0.0.1, started by vitest's globalSetup for the workerd tests (and by
// tests of `wrangler dev` through startFakeRemote). It records
// every request it gets and answers as each target's script says (ok, an
// HTTP error, 429 with retry_after, or hang); like the real Bot API, it
// refuses a sendMessage whose HTML it could not parse or that is too long. Tests drive it through
// /_control. Targets are keyed ("telegram:<chat_id>", "webhook:<name>") so
// test files running side by side never share a script.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

/** The Bot API token the fake accepts (and the webhook secret the workerd tests use). Read, not imported: plain Node (the bench) runs this file too. */
export const FAKE_CREDENTIALS: { botToken: string; webhookSecret: string; adminPassword: string; turnstileSecret: string } = JSON.parse(
  readFileSync(new URL("./credentials.json", import.meta.url), "utf8"),
);

export const FAKE_BOT_TOKEN = FAKE_CREDENTIALS.botToken;

/**
 * Turnstile's siteverify as the fake answers it: form-encoded secret and
 * response in, `{success}` out; only the configured secret and tokens that
 * start with "pass" succeed, and a token is good once (as Cloudflare's are).
 */
function siteverify(body: string, contentType: string, used: Set<string>): { success: boolean; "error-codes": string[] } {
  if (!contentType.startsWith("application/x-www-form-urlencoded")) return { success: false, "error-codes": ["bad-request"] };
  const form = new URLSearchParams(body);
  if (form.get("secret") !== FAKE_CREDENTIALS.turnstileSecret) return { success: false, "error-codes": ["invalid-input-secret"] };
  const token = form.get("response") ?? "";
  if (!token.startsWith("pass")) return { success: false, "error-codes": ["invalid-input-response"] };
  if (used.has(token)) return { success: false, "error-codes": ["timeout-or-duplicate"] };
  used.add(token);
  return { success: true, "error-codes": [] };
}

export interface FakeRule {
  mode: "ok" | "status" | "429" | "hang";
  status?: number;
  description?: string;
  retryAfter?: number;
  /** how many requests this rule answers; forever when absent */
  times?: number;
  /** a Location header on a "status" answer (a redirect) */
  location?: string;
}

export interface FakeRequest {
  seq: number;
  key: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** fake's clock (ms) when the request arrived, and when it was answered */
  at: number;
  answeredAt: number | null;
  status: number | null;
  /** the client gave up (timeout) before an answer */
  aborted: boolean;
}

/** What the real Bot API would refuse in a sendMessage: bad shape, HTML it cannot parse, too long. */
function sendMessageProblem(raw: string): string | null {
  let m: { chat_id?: unknown; text?: unknown; parse_mode?: unknown };
  try {
    m = JSON.parse(raw);
  } catch {
    return "Bad Request: invalid JSON";
  }
  if (typeof m.chat_id !== "number" && typeof m.chat_id !== "string") return "Bad Request: chat_id is empty";
  if (typeof m.text !== "string" || m.text.trim() === "") return "Bad Request: message text is empty";
  if (m.parse_mode !== undefined && m.parse_mode !== "HTML") return "Bad Request: unsupported parse_mode";
  let plain = m.text;
  if (m.parse_mode === "HTML") {
    const allowed = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "blockquote"]);
    const open: string[] = [];
    for (const t of m.text.matchAll(/<(\/?)([a-z-]+)((?:\s+[a-z]+="[^"<>]*")*)\s*>|[<>]/g)) {
      if (!t[2]) return `Bad Request: can't parse entities: unexpected '${t[0]}'`;
      if (!allowed.has(t[2])) return `Bad Request: can't parse entities: unsupported start tag "${t[2]}"`;
      if (t[1]) {
        if (open.pop() !== t[2]) return `Bad Request: can't parse entities: unmatched end tag "${t[2]}"`;
      } else open.push(t[2]);
    }
    if (open.length > 0) return `Bad Request: can't parse entities: unclosed "${open[0]}"`;
    for (const e of m.text.matchAll(/&([^;\s]*);?/g)) {
      if (!/^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);$/i.test(e[0]))
        return `Bad Request: can't parse entities: bad entity "${e[0].slice(0, 12)}"`;
    }
    plain = m.text.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, "x");
  }
  if ([...plain].length > 4096) return "Bad Request: message is too long";
  return null;
}

declare module "vitest" {
  interface ProvidedContext {
    fakeRemoteUrl: string;
  }
}

export interface FakeRemote {
  url: string;
  close: () => Promise<void>;
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeRemote(): Promise<FakeRemote> {
  const rules = new Map<string, FakeRule[]>();
  const log: FakeRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const usedTurnstile = new Set<string>();
  let seq = 0;

  function next(key: string): FakeRule {
    const queue = rules.get(key);
    const rule = queue?.[0];
    if (!rule) return { mode: "ok" };
    if (rule.times !== undefined && --rule.times <= 0) queue!.shift();
    return rule;
  }

  function answer(rec: FakeRequest, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    rec.status = status;
    rec.answeredAt = Date.now();
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await readBody(req);
    if (url.pathname.startsWith("/_control/")) return control(url, req.method ?? "GET", body, res);

    let key: string;
    const bot = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (bot) {
      let chat = "?";
      try {
        chat = String(JSON.parse(body).chat_id);
      } catch {
        // recorded as "?": the test will see a request it cannot attribute
      }
      key = `telegram:${chat}`;
    } else if (url.pathname.startsWith("/hook/")) {
      key = `webhook:${url.pathname.slice("/hook/".length)}`;
    } else if (url.pathname === "/turnstile/siteverify") {
      key = `turnstile:${new URLSearchParams(body).get("response") ?? ""}`;
    } else {
      res.writeHead(404).end();
      return;
    }
    const rec: FakeRequest = {
      seq: ++seq,
      key,
      path: url.pathname,
      method: req.method ?? "",
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body,
      at: Date.now(),
      answeredAt: null,
      status: null,
      aborted: false,
    };
    log.push(rec);
    res.on("close", () => {
      if (rec.answeredAt === null) rec.aborted = true;
      hanging.delete(res);
    });
    if (key.startsWith("turnstile:")) return answer(rec, res, 200, siteverify(body, rec.headers["content-type"] ?? "", usedTurnstile));
    if (bot && bot[1] !== FAKE_BOT_TOKEN) {
      return answer(rec, res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const rule = next(key);
    switch (rule.mode) {
      case "hang":
        hanging.add(res);
        return;
      case "429":
        return answer(
          rec,
          res,
          429,
          {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${rule.retryAfter}`,
            parameters: { retry_after: rule.retryAfter },
          },
          bot ? {} : { "retry-after": String(rule.retryAfter) },
        );
      case "status":
        return answer(
          rec,
          res,
          rule.status ?? 500,
          { ok: false, error_code: rule.status ?? 500, description: rule.description ?? "Internal Server Error" },
          rule.location ? { location: rule.location } : {},
        );
      default: {
        const problem = bot && bot[2] === "sendMessage" ? sendMessageProblem(body) : null;
        if (problem) return answer(rec, res, 400, { ok: false, error_code: 400, description: problem });
        return answer(rec, res, 200, bot ? { ok: true, result: { message_id: rec.seq, date: Math.floor(rec.at / 1000) } } : { ok: true });
      }
    }
  });

  function control(url: URL, method: string, body: string, res: ServerResponse) {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === "/_control/rules" && method === "POST") {
      const { key, rules: list } = JSON.parse(body) as { key: string; rules: FakeRule[] };
      rules.set(
        key,
        list.map((r) => ({ ...r })),
      );
      return json(200, { at: Date.now() });
    }
    if (url.pathname === "/_control/requests" && method === "GET") {
      const key = url.searchParams.get("key");
      return json(200, { now: Date.now(), requests: log.filter((r) => key === null || r.key === key) });
    }
    json(404, { error: "no such control" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** vitest globalSetup: one fake for every workerd test file, its URL provided as `fakeRemoteUrl`. */
export default async function setup(project: TestProject) {
  const fake = await startFakeRemote();
  project.provide("fakeRemoteUrl", fake.url);
  return fake.close;
}
