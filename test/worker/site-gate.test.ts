// A private site (SITE_PASSWORD) has no side doors: every /api/v1 route but
// GET /api/v1/config, mail.tm account creation and Telegram /new ask for it;
// inbound mail and the Telegram webhook's secret keep their own rules. And
// Turnstile: creation and sign-up carry a token checked against siteverify.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SiteSession, UserSession } from "../../src/contract/accounts";
import type { CreateAddressResponse, PublicConfig } from "../../src/contract/wire";
import { apiWith, bearer, PASSWORD, send, TURNSTILE_SECRET, username } from "./directory-helpers";
import { claim, deliver, rawMessage } from "./helpers";
import { newChatId, received, WEBHOOK_SECRET } from "./remote";

const SITE = "the site's own password";
const PRIVATE = { SITE_PASSWORD: SITE };
const TURNSTILE = { TURNSTILE_SECRET, TURNSTILE_SITE_KEY: "0x-site-key" };

async function codeOf(res: Response): Promise<[number, string]> {
  const body = await res.json<{ error?: { code: string } }>();
  return [res.status, body.error?.code ?? "ok"];
}

async function siteToken(): Promise<string> {
  const res = await apiWith(PRIVATE, "/api/v1/site/session", send({ password: SITE }));
  expect(res.status).toBe(201);
  return (await res.json<SiteSession>()).token;
}

describe("a private site", () => {
  it("says so in GET /api/v1/config, the one route open without the password", async () => {
    const res = await apiWith(PRIVATE, "/api/v1/config");
    expect(res.status).toBe(200);
    expect((await res.json<PublicConfig>()).private).toBe(true);
    const open = await (await apiWith({}, "/api/v1/config")).json<PublicConfig>();
    expect(open).toMatchObject({ private: false, registration: "open", turnstileSiteKey: null });
  });

  it("refuses every other /api/v1 route without the password (401 site_password_required), and opens them with it or a site token", async () => {
    const { address, token } = await claim();
    const routes: [string, string, unknown?][] = [
      ["POST", "/api/v1/addresses", {}],
      ["GET", `/api/v1/mailboxes/${address}`],
      ["POST", "/api/v1/tokens", { address, password: "whatever it is" }],
      ["POST", "/api/v1/users", { username: username(), password: PASSWORD }],
      ["POST", "/api/v1/users/session", { username: "x", password: "y" }],
      ["POST", "/api/v1/admin/session", { password: "x" }],
      ["GET", "/api/v1/openapi.json"],
      ["GET", "/api/v1/nothing-here"],
    ];
    for (const [method, path, body] of routes) {
      const init = send(body, { method, token: path.includes("/mailboxes/") ? token : undefined });
      expect(await codeOf(await apiWith(PRIVATE, path, init)), `${method} ${path}`).toEqual([401, "site_password_required"]);
      const wrong = send(body, { method, headers: { "x-site-password": "not it" } });
      expect(await codeOf(await apiWith(PRIVATE, path, wrong)), `${method} ${path} wrong`).toEqual([401, "site_password_required"]);
    }
    const withPassword = await apiWith(PRIVATE, "/api/v1/addresses", send({}, { headers: { "x-site-password": SITE } }));
    expect(withPassword.status).toBe(201);
    const site = await siteToken();
    const meta = await apiWith(
      PRIVATE,
      `/api/v1/mailboxes/${address}`,
      send(undefined, { method: "GET", token, headers: { "x-site-token": site } }),
    );
    expect(meta.status).toBe(200);
    // A browser's WebSocket carries both as query parameters.
    const ws = await apiWith(PRIVATE, `/api/v1/mailboxes/${address}/ws?token=${token}&site=${site}`, { headers: { Upgrade: "websocket" } });
    expect(ws.status).toBe(101);
    ws.webSocket?.accept();
    ws.webSocket?.close();
    // A site token from before the password changed opens nothing.
    const stale = await apiWith({ SITE_PASSWORD: "a new password" }, "/api/v1/addresses", send({}, { headers: { "x-site-token": site } }));
    expect(await codeOf(stale)).toEqual([401, "site_password_required"]);
    // Another kind of token is not a site token.
    const notSite = await apiWith(PRIVATE, "/api/v1/addresses", send({}, { headers: { "x-site-token": token } }));
    expect(await codeOf(notSite)).toEqual([401, "site_password_required"]);
  });

  it("gives a site token only for the right password, slows a client that guesses, and none on a public site", async () => {
    expect(await codeOf(await apiWith(PRIVATE, "/api/v1/site/session", send({ password: "guess" })))).toEqual([
      401,
      "site_password_required",
    ]);
    expect(await codeOf(await apiWith(PRIVATE, "/api/v1/site/session", send({})))).toEqual([400, "bad_request"]);
    expect(await codeOf(await apiWith({}, "/api/v1/site/session", send({ password: SITE })))).toEqual([404, "not_found"]);
    const ip = { "cf-connecting-ip": "192.0.2.77" };
    const codes = [];
    for (let i = 0; i < 22; i++)
      codes.push((await apiWith(PRIVATE, "/api/v1/site/session", send({ password: `guess ${i}` }, { headers: ip }))).status);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20)).toEqual([429, 429]);
  });

  it("has no side doors: every mail.tm route needs the password; Telegram /new only in listed chats", async () => {
    const mt = { address: `mt-${crypto.randomUUID().slice(0, 8)}@pigeonhole.test`, password: "long enough pw" };
    const refused = await apiWith(PRIVATE, "/mailtm/accounts", send(mt));
    expect(refused.status).toBe(401);
    const made = await apiWith(PRIVATE, "/mailtm/accounts", send(mt, { headers: { "x-site-password": SITE } }));
    expect(made.status).toBe(201);
    // Every other mail.tm route too: a credential must not outlive a new SITE_PASSWORD through mail.tm.
    const site = { "x-site-password": SITE };
    expect((await apiWith(PRIVATE, "/mailtm/token", send(mt))).status).toBe(401);
    const tokenRes = await apiWith(PRIVATE, "/mailtm/token", send(mt, { headers: site }));
    expect(tokenRes.status).toBe(200);
    const { token } = await tokenRes.json<{ token: string }>();
    for (const path of ["/mailtm/me", "/mailtm/messages", "/mailtm/domains"]) {
      const gated = await apiWith(PRIVATE, path, bearer(token));
      expect(gated.status, path).toBe(401);
      expect(await gated.text(), path).toMatch(/private/);
      expect((await apiWith(PRIVATE, path, { headers: { ...site, authorization: `Bearer ${token}` } })).status, path).toBe(200);
    }
    const siteToken = (await (await apiWith(PRIVATE, "/api/v1/site/session", send({ password: SITE }))).json<{ token: string }>()).token;
    const withSiteToken = { headers: { "x-site-token": siteToken, authorization: `Bearer ${token}` } };
    expect((await apiWith(PRIVATE, "/mailtm/messages", withSiteToken)).status).toBe(200);
    expect((await apiWith({}, "/mailtm/messages", bearer(token))).status).toBe(200);

    const allowed = newChatId();
    const stranger = newChatId();
    const vars = { ...PRIVATE, TELEGRAM_ALLOWED_CHATS: `${allowed}, 42` };
    const tell = async (chat: number, text: string) => {
      const update = {
        update_id: chat,
        message: { message_id: 1, date: 0, chat: { id: chat, type: "private" }, from: { id: chat, language_code: "en" }, text },
      };
      const res = await apiWith(
        vars,
        "/telegram/webhook",
        send(update, { headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } }),
      );
      return (await res.json<{ text: string }>()).text;
    };
    expect(await tell(stranger, "/new")).toMatch(/private/);
    expect(await tell(allowed, "/new")).toMatch(/New address/);
    // The webhook's own secret rule is unchanged: no secret, no entry, password or not.
    const noSecret = await apiWith(vars, "/telegram/webhook", send({ update_id: 1, message: { chat: { id: allowed }, text: "/new" } }));
    expect(noSecret.status).toBe(401);
  });

  it("still takes inbound mail: email() knows nothing of the site password", async () => {
    const { address } = await claim();
    expect((await deliver(address, rawMessage({ to: address }))).rejected).toBeNull();
  });
});

describe("Turnstile", () => {
  it("needs a token for address creation, checked with the secret, the token and the client's IP", async () => {
    expect(await codeOf(await apiWith(TURNSTILE, "/api/v1/addresses", send({})))).toEqual([403, "turnstile_failed"]);
    expect(await codeOf(await apiWith(TURNSTILE, "/api/v1/addresses", send({ turnstileToken: "fail-1" })))).toEqual([
      403,
      "turnstile_failed",
    ]);
    const token = `pass-${crypto.randomUUID()}`;
    const res = await apiWith(
      TURNSTILE,
      "/api/v1/addresses",
      send({ turnstileToken: token }, { headers: { "cf-connecting-ip": "192.0.2.9" } }),
    );
    expect(res.status).toBe(201);
    expect((await res.json<CreateAddressResponse>()).address).toMatch(/@pigeonhole\.test$/);
    const [seen] = await received(`turnstile:${token}`);
    const form = new URLSearchParams(seen.body);
    expect(seen.method).toBe("POST");
    expect(Object.fromEntries(form)).toEqual({ secret: TURNSTILE_SECRET, response: token, remoteip: "192.0.2.9" });
    // Used once: the same token again fails.
    expect(await codeOf(await apiWith(TURNSTILE, "/api/v1/addresses", send({ turnstileToken: token })))).toEqual([403, "turnstile_failed"]);
    // A wrong secret fails at siteverify.
    expect(
      await codeOf(
        await apiWith(
          { ...TURNSTILE, TURNSTILE_SECRET: "not ours" },
          "/api/v1/addresses",
          send({ turnstileToken: `pass-${crypto.randomUUID()}` }),
        ),
      ),
    ).toEqual([403, "turnstile_failed"]);
    const cfg = await (await apiWith(TURNSTILE, "/api/v1/config")).json<PublicConfig>();
    expect(cfg.turnstileSiteKey).toBe("0x-site-key");
  });

  it("needs a token to sign up, not to sign in", async () => {
    const name = username();
    expect(await codeOf(await apiWith(TURNSTILE, "/api/v1/users", send({ username: name, password: PASSWORD })))).toEqual([
      403,
      "turnstile_failed",
    ]);
    const res = await apiWith(
      TURNSTILE,
      "/api/v1/users",
      send({ username: name, password: PASSWORD, turnstileToken: `pass-${crypto.randomUUID()}` }),
    );
    expect(res.status).toBe(201);
    expect((await res.json<UserSession>()).user.username).toBe(name);
    expect((await apiWith(TURNSTILE, "/api/v1/users/session", send({ username: name, password: PASSWORD }))).status).toBe(201);
  });

  it("answers 503 when siteverify cannot be reached", async () => {
    const down = { ...TURNSTILE, TURNSTILE_VERIFY_URL: `${env.TELEGRAM_API_BASE}/no-such-verifier` };
    expect(await codeOf(await apiWith(down, "/api/v1/addresses", send({ turnstileToken: "pass-x" })))).toEqual([503, "unavailable"]);
  });
});
