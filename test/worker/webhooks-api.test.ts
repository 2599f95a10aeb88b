// Webhook registration: owner only, http(s) only, no internal targets unless
// allowed, a limit per mailbox, the secret shown once.

import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../objects/mailbox/webhook-target";
import worker from "../../src/index";
import { api, auth, BASE, claim } from "./helpers";
import { FAKE } from "./remote";

function post(address: string, token: string, body: unknown) {
  return api(`/api/v1/mailboxes/${address}/webhooks`, auth(token, { method: "POST", body: JSON.stringify(body) }));
}

describe("webhooks API", () => {
  it("creates (secret shown once), lists and deletes webhooks", async () => {
    const { address, token } = await claim("wh-crud");
    const res = await post(address, token, { url: `${FAKE}/hook/wh-crud` });
    expect(res.status).toBe(201);
    const created = await res.json<any>();
    expect(created).toMatchObject({ url: `${FAKE}/hook/wh-crud` });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(created.createdAt)).toBeGreaterThan(0);

    const list = await (await api(`/api/v1/mailboxes/${address}/webhooks`, auth(token))).json<any>();
    expect(list).toEqual({ webhooks: [{ id: created.id, url: created.url, createdAt: created.createdAt }] });
    expect(JSON.stringify(list)).not.toContain(created.secret);

    const del = await api(`/api/v1/mailboxes/${address}/webhooks/${created.id}`, auth(token, { method: "DELETE" }));
    expect(del.status).toBe(204);
    const again = await api(`/api/v1/mailboxes/${address}/webhooks/${created.id}`, auth(token, { method: "DELETE" }));
    expect(again.status).toBe(404);
    expect((await api(`/api/v1/mailboxes/${address}/webhooks/nope`, auth(token, { method: "DELETE" }))).status).toBe(404);
    expect((await (await api(`/api/v1/mailboxes/${address}/webhooks`, auth(token))).json<any>()).webhooks).toEqual([]);
  });

  it("belongs to the owner: 401 without a credential, 403 with another address's", async () => {
    const mine = await claim("wh-owner");
    const other = await claim("wh-other");
    const path = `/api/v1/mailboxes/${mine.address}/webhooks`;
    expect((await api(path, { method: "POST", body: JSON.stringify({ url: "https://example.com/" }) })).status).toBe(401);
    expect((await api(path)).status).toBe(401);
    expect((await post(mine.address, other.token, { url: "https://example.com/" })).status).toBe(403);
    expect((await api(path, auth(other.token))).status).toBe(403);
    expect((await api(`/api/v1/mailboxes/${mine.address}/outbox`, auth(other.token))).status).toBe(403);
  });

  it("refuses bad input with 400 and a reason", async () => {
    const { address, token } = await claim("wh-bad");
    const cases: [unknown, RegExp][] = [
      [{}, /url is required/],
      [{ url: 42 }, /url is required/],
      [{ url: "not a url" }, /not a valid absolute URL/],
      [{ url: "ftp://example.com/x" }, /http or https/],
      [{ url: "javascript:alert(1)" }, /http or https/],
      [{ url: "https://user:pw@example.com/" }, /must not contain credentials/],
      [{ url: `https://example.com/${"a".repeat(2100)}` }, /limited to 2048/],
      [{ url: "https://example.com/", extra: 1 }, /Unknown field 'extra'/],
    ];
    for (const [body, why] of cases) {
      const res = await post(address, token, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect((await res.json<any>()).error.message).toMatch(why);
    }
    const bad = await api(`/api/v1/mailboxes/${address}/webhooks`, auth(token, { method: "POST", body: "{" }));
    expect(bad.status).toBe(400);
  });

  it(`limits webhooks per mailbox (WEBHOOKS_PER_MAILBOX = ${env.WEBHOOKS_PER_MAILBOX})`, async () => {
    const { address, token } = await claim("wh-limit");
    const limit = Number(env.WEBHOOKS_PER_MAILBOX);
    for (let i = 0; i < limit; i++) expect((await post(address, token, { url: `https://example.com/${i}` })).status).toBe(201);
    const over = await post(address, token, { url: "https://example.com/over" });
    expect(over.status).toBe(400);
    expect((await over.json<any>()).error.message).toMatch(new RegExp(`already has ${limit} webhooks`));
  });

  it("refuses private, loopback and link-local targets unless ALLOW_PRIVATE_WEBHOOKS=true", async () => {
    const { address, token } = await claim("wh-private");
    const strict = { ...env, ALLOW_PRIVATE_WEBHOOKS: "false" } as never;
    const refused = [
      "http://localhost/hook",
      "http://api.localhost/hook",
      "http://127.0.0.1:8787/",
      "http://127.1/",
      "http://2130706433/",
      "http://0x7f000001/",
      "http://10.1.2.3/",
      "http://172.16.0.1/",
      "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data",
      "http://100.64.0.1/",
      "http://0.0.0.0/",
      "http://[::1]/",
      "http://[fe80::1]/",
      "http://[fd00::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://metadata.internal/",
      "http://printer.local/",
      "http://intranet/",
    ];
    for (const url of refused) {
      const req = new Request(
        `${BASE}/api/v1/mailboxes/${address}/webhooks`,
        auth(token, { method: "POST", body: JSON.stringify({ url }) }),
      );
      const res = await worker.fetch!(req as never, strict, createExecutionContext());
      expect(res.status, url).toBe(400);
      expect((await res.json<any>()).error.message).toMatch(/private, loopback or link-local/);
    }
    for (const url of ["https://example.com/hook", "http://93.184.216.34/x", "https://[2606:4700::1111]/"]) {
      expect(webhookUrlProblem(url, false), url).toBeNull();
    }
    // The test deployment sets the flag, so the local fake receiver is allowed.
    expect((await post(address, token, { url: `${FAKE}/hook/x` })).status).toBe(201);
  });
});
