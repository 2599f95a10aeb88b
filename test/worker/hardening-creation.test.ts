// One creation limit on every path that makes an address (v1, mail.tm, Telegram),
// keyed by client (IPv6 by its /64), checked before any password is hashed.
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, BASE, DOMAIN } from "./helpers";
import { newChatId, tell } from "./remote";

/** ADDRESS_CREATE_LIMIT as wrangler.toml ships it (the tests run with it). */
const LIMIT = 20;

let n = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}${n++}`;

function createV1(ip: string | null, body: Record<string, unknown> = {}) {
  const req = new Request(`${BASE}/api/v1/addresses`, { method: "POST", body: JSON.stringify(body) });
  if (ip !== null) req.headers.set("cf-connecting-ip", ip);
  return exports.default.fetch(req);
}

function createMailtm(ip: string) {
  return api("/mailtm/accounts", {
    method: "POST",
    headers: { "cf-connecting-ip": ip, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ address: `${uniqueName("mtl")}@${DOMAIN}`, password: "correct horse battery" }),
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("address creation limit", () => {
  it("applies to mail.tm POST /accounts, and refuses before hashing the password", async () => {
    const ip = "198.51.100.41";
    for (let i = 0; i < LIMIT; i++) expect((await createMailtm(ip)).status).toBe(201);
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    const refused = await createMailtm(ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(derive).not.toHaveBeenCalled();
    // v1 and mail.tm count against the same limit.
    expect((await createV1(ip)).status).toBe(429);
  });

  it("refuses on v1 before hashing the password", async () => {
    const ip = "198.51.100.42";
    for (let i = 0; i < LIMIT; i++) expect((await createV1(ip)).status).toBe(201);
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    expect((await createV1(ip, { password: "a long enough one" })).status).toBe(429);
    expect(derive).not.toHaveBeenCalled();
  });

  it("applies to Telegram /new, per chat", async () => {
    const chat = newChatId();
    for (let i = 0; i < LIMIT; i++) {
      const r = await tell(chat, "/new");
      expect(r.body?.text).toContain("<code>");
    }
    // The chat is full; free a slot so the chat cap is not what refuses the next one.
    const first = /<code>([^<]+)<\/code>/.exec((await tell(chat, "/list")).body!.text!)![1];
    expect((await tell(chat, `/delete ${first}`)).body?.text).toContain(first);
    const refused = await tell(chat, "/new");
    expect(refused.body?.text).toMatch(/At most 20 new addresses per 60 s/);
    // Another chat is another client.
    expect((await tell(newChatId(), "/new")).body?.text).toContain("<code>");
  });

  it("counts an IPv6 client by its /64", async () => {
    const prefix = "2001:db8:77:1";
    for (let i = 0; i < LIMIT; i++) expect((await createV1(`${prefix}::${(i + 1).toString(16)}`)).status).toBe(201);
    // Any other address in the same /64, however it is written, is the same client.
    expect((await createV1(`${prefix}:ffff:1234:5678:9abc`)).status).toBe(429);
    expect((await createV1("2001:DB8:77:1:0:0:0:ABCD")).status).toBe(429);
    expect((await createV1("2001:0db8:0077:0001::beef")).status).toBe(429);
    // The next /64 is another client.
    expect((await createV1("2001:db8:77:2::1")).status).toBe(201);
  });

  it("counts an IPv4 client by its address", async () => {
    for (let i = 0; i < LIMIT; i++) expect((await createV1("192.0.2.77")).status).toBe(201);
    expect((await createV1("192.0.2.77")).status).toBe(429);
    expect((await createV1("192.0.2.78")).status).toBe(201);
  });

  it("counts every request without cf-connecting-ip as one client", async () => {
    let created = 0;
    let refused = 0;
    for (let i = 0; i < LIMIT + 2; i++) {
      const s = (await createV1(null)).status;
      if (s === 201) created++;
      if (s === 429) refused++;
    }
    expect(created).toBeLessThanOrEqual(LIMIT);
    expect(refused).toBeGreaterThanOrEqual(2);
  });
});
