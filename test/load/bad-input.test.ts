// Bad input over HTTP: a seeded generator of malformed requests on every
// route. Never a 500; every /api/* error is the JSON error shape; the
// service still answers afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { closeIdle, deliver, type HttpResult, http } from "../../bench/lib/http";
import { generatedMail } from "../../bench/lib/mail";
import { runPool } from "../../bench/lib/pool";
import { type Service, startService } from "../node/service";
import { seeded } from "./live-client";
import { type Claimed, claim } from "./mailbox-audit";

const SEED = Number(process.env.LOAD_SEED ?? 6);
const REQUESTS = Number(process.env.LOAD_BAD_REQUESTS ?? 1500);
const WS_CASES = 150;

let svc: Service;
let owner: Claimed; // has mail with ids 1..3 (3 has an attachment)
let other: Claimed;
const victims: Claimed[] = []; // the only mailboxes a valid DELETE may hit
beforeAll(async () => {
  svc = await startService();
  owner = await claim(svc.url, "owner");
  other = await claim(svc.url, "other");
  for (let k = 0; k < 8; k++) victims.push(await claim(svc.url, `victim${k}`));
  for (const i of [0, 1, 2]) {
    const r = await deliver(svc.url, "load@service.example", owner.address, generatedMail(i, owner.address));
    expect(r.status).toBe(200);
  }
});
afterAll(async () => {
  closeIdle();
  await svc?.stop();
});

const b64url = (s: string) => Buffer.from(s).toString("base64url");

function generator(random: () => number) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const maybe = (p: number) => random() < p;
  const addresses = () => [
    owner.address,
    owner.address,
    owner.address.toUpperCase(),
    other.address,
    "nobody@pigeonhole.test",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..",
    "..%2F..%2Fadmin",
    "a%00b%40pigeonhole.test",
    "%FF%FE%40pigeonhole.test",
    `${"x".repeat(5000)}@pigeonhole.test`,
    "user@evil.example",
    "name+tag@pigeonhole.test",
    "",
    "%",
    "%zz",
    "%C3%BC@pigeonhole.test",
    "@",
    "a@",
    "%F0%9F%90%A6@pigeonhole.test",
    "owner@pigeonhole.test/..",
    "*",
  ];
  const ids = [
    "1",
    "2",
    "3",
    "0",
    "-1",
    "99999999999999999999",
    "1e3",
    "1.5",
    "0x10",
    "NaN",
    "9007199254740993",
    "%00",
    "abc",
    "1%2F2",
    "..",
    "%2e%2e",
    "4",
    "123456789012345",
    " 1",
    "１",
  ];
  const numbers = [
    "-1",
    "0",
    "1",
    "3",
    "50",
    "100",
    "101",
    "abc",
    "1e9",
    "",
    "99999999999999999999",
    "1.5",
    "%FF",
    "0x1",
    "-0",
    "1&limit=2",
  ];
  const timeouts = ["0", "-1", "61", "abc", "1e9", "99999999999999999999", "%00"];
  const routes = [
    () => "/api/v1/config",
    () => "/api/v1/addresses",
    (a: string) => `/api/v1/mailboxes/${a}`,
    (a: string) => `/api/v1/mailboxes/${a}/wait?after=${pick(numbers)}&timeout=${pick(timeouts)}`,
    (a: string) => `/api/v1/mailboxes/${a}/ws?since=${pick(numbers)}`,
    (a: string) => `/api/v1/mailboxes/${a}/messages?limit=${pick(numbers)}&before=${pick(numbers)}`,
    (a: string) => `/api/v1/mailboxes/${a}/messages/${pick(ids)}`,
    (a: string) => `/api/v1/mailboxes/${a}/messages/${pick(ids)}/raw`,
    (a: string) => `/api/v1/mailboxes/${a}/messages/${pick(ids)}/attachments/${pick(ids)}`,
    () => `/api/v1/${pick(["", "..", "%2e%2e/%2e%2e/etc/passwd", "mailboxes", "admin", "x".repeat(3000), "%FF"])}`,
    () => `/api/${pick(["v2/config", "", "v1", "..%2f..%2f"])}`,
  ];
  const goodToken = () => owner.token;
  const tampered = () => owner.token.slice(0, -2) + (owner.token.endsWith("AA") ? "BB" : "AA");
  const algNone = () => `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: owner.address, mbx: "x" }))}.`;
  const auths = [
    () => null,
    () => `Bearer ${goodToken()}`,
    () => `Bearer ${goodToken()}`,
    () => `bearer ${goodToken()}`,
    () => `Bearer ${other.token}`,
    () => "Bearer garbage",
    () => "Bearer",
    () => "Basic Zm9vOmJhcg==",
    () => "Bearer a.b.c",
    () => `Bearer ${algNone()}`,
    () => `Bearer ${tampered()}`,
    () => `Bearer ${"x".repeat(8000)}`,
    () => `Bearer  ${goodToken()} extra`,
  ];
  const bodies: (() => string | Uint8Array | undefined)[] = [
    () => undefined,
    () => "{",
    () => '{"name":',
    () => "null",
    () => "[]",
    () => '"str"',
    () => "1e309",
    () => '{"name":123}',
    () => '{"name":["a"]}',
    () => '{"name":{"$gt":""}}',
    () => '{"domain":{}}',
    () => '{"name":"../../etc"}',
    () => '{"name":"a\\u0000b"}',
    () => `{"name":"${"a".repeat(100)}"}`,
    () => '{"__proto__":{"admin":true}}',
    () => '{"constructor":{"prototype":{}}}',
    () => '{"name":"ok-name","extra":1}',
    () => new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    () => "a".repeat(1024 * 1024),
    () => `{"name":"${"a".repeat(1024 * 1024)}"}`,
    () => "[".repeat(100_000),
    () => `{"name":"n${Math.floor(random() * 1e9)}"}`,
    () => "{}",
    () => '{"domain":"evil.example"}',
  ];
  return (): { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array } => {
    const method = pick(["GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]);
    // Half the time the real owner, so requests get past the address check.
    let address = maybe(0.5) ? owner.address : pick(addresses());
    const headers: Record<string, string> = {};
    let auth = maybe(0.3) ? `Bearer ${goodToken()}` : pick(auths)();
    if (method === "DELETE" && auth?.toLowerCase().startsWith(`bearer ${owner.token.toLowerCase()}`)) {
      // Destroying the owner would leave nothing to probe; victims take valid deletes.
      const v = pick(victims);
      address = v.address;
      auth = `Bearer ${v.token}`;
    }
    if (auth !== null) headers.authorization = auth;
    if (maybe(0.3))
      headers["content-type"] = pick([
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
      ]);
    if (maybe(0.05)) headers["x-junk"] = "j".repeat(pick([8 * 1024, 32 * 1024]));
    const path = pick(routes)(address);
    const body = method === "GET" || method === "HEAD" || method === "OPTIONS" ? undefined : pick(bodies)();
    return { method, path, headers, body };
  };
}

function problem(method: string, path: string, r: HttpResult): string | null {
  if (r.status >= 500) return `${r.status}: ${r.body.toString().slice(0, 300)}`;
  // The path as the server sees it: `/api/v1/%2e%2e/%2e%2e/etc/passwd` is
  // `/etc/passwd`, which the static assets answer (no 500, but not our JSON).
  const served = new URL(path, "http://x").pathname;
  if (!served.startsWith("/api/") || r.status < 400 || method === "HEAD") return null;
  let body: any;
  try {
    body = JSON.parse(r.body.toString("utf8"));
  } catch {
    return `${r.status} is not JSON: ${r.body.toString().slice(0, 200)}`;
  }
  const e = body?.error;
  if (typeof e?.code !== "string" || typeof e?.message !== "string" || Object.keys(body).length !== 1) {
    return `${r.status} is not {"error":{"code","message"}}: ${r.body.toString().slice(0, 200)}`;
  }
  return null;
}

describe("malformed requests on every route", () => {
  it(`answers ${REQUESTS} seeded bad requests (seed ${SEED}) without a 500, with the JSON error shape`, async () => {
    const next = generator(seeded(SEED));
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    await runPool(REQUESTS, 8, async (n) => {
      const req = next();
      let r: HttpResult;
      try {
        // A connection each: a refused request may leave its unread body on
        // the wire, which the next kept-alive request would then trip over.
        r = await http(svc.url + req.path, { ...req, fresh: true });
      } catch (err) {
        problems.push(`#${n} ${req.method} ${req.path.slice(0, 120)}: no answer (${err})`);
        return;
      }
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const p = problem(req.method, req.path, r);
      if (p) problems.push(`#${n} ${req.method} ${req.path.slice(0, 120)} auth=${String(req.headers.authorization).slice(0, 30)}: ${p}`);
    });
    console.log("bad-input statuses:", JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]))));
    expect(problems.slice(0, 20)).toEqual([]);
    // Several kinds of answer, so the generator really reached past the front door.
    for (const s of [200, 400, 401, 403, 404]) expect(statuses.get(s) ?? 0, `status ${s}`).toBeGreaterThan(0);
  });

  it("refuses bad WebSocket upgrades with a JSON error, never a 500", async () => {
    const random = seeded(SEED + 1);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const problems: string[] = [];
    let opened = 0;
    for (let n = 0; n < WS_CASES; n++) {
      const address = pick([owner.address, other.address, "nobody@pigeonhole.test", "%FF", "..%2F..", owner.address.toUpperCase()]);
      const since = pick(["0", "-1", "abc", "1e99", "99999999999999999999", "", "2", "%00"]);
      const token = pick([owner.token, other.token, "garbage", "", `${owner.token.slice(0, -3)}abc`]);
      const how = pick(["header", "query", "none"]);
      const q = `since=${since}${how === "query" ? `&token=${encodeURIComponent(token)}` : ""}`;
      const url = `${svc.url.replace("http", "ws")}/api/v1/mailboxes/${address}/ws?${q}`;
      const headers = how === "header" ? { Authorization: `Bearer ${token}` } : {};
      const outcome = await new Promise<string | null>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on("open", () => {
          opened++;
          ws.close();
          resolve(null);
        });
        ws.on("unexpected-response", (_req, res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () =>
            resolve(problem("GET", "/api/ws", { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.from(body) })),
          );
        });
        ws.on("error", (err) => resolve(`error ${err.message}`));
      });
      if (outcome) problems.push(`${address.slice(0, 40)} since=${since} ${how}: ${outcome}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(opened).toBeGreaterThan(0);
  });

  it("still works normally afterwards", async () => {
    expect((await http(`${svc.url}/api/v1/config`)).status).toBe(200);
    const fresh = await claim(svc.url, "afterwards");
    expect((await deliver(svc.url, "a@service.example", fresh.address, generatedMail(3, fresh.address, "after"))).status).toBe(200);
    const list = await http(`${svc.url}/api/v1/mailboxes/${fresh.address}/messages`, {
      headers: { Authorization: `Bearer ${fresh.token}` },
    });
    expect(JSON.parse(list.body.toString()).messages.map((m: any) => m.subject)).toEqual(["after Your verification code"]);
  });
});
