// Passwords and credentials on v1 addresses: set or change the password
// (owner), sign out everywhere, and exchange address + password for a fresh
// credential, so a person can reopen their mailbox anywhere.
import { addressParam } from "../address";
import { issueToken } from "../auth";
import { readConfig } from "../contract/config";
import type { TokenResponse } from "../contract/wire";
import { ApiError } from "../http/errors";
import { onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { currentPasswordKey, hashPassword, login } from "../passwords";
import { mailboxFor } from "../principal";

export function tokenRoutes(router: Router): void {
  router.put("/api/v1/mailboxes/:address/password", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["password", "currentPassword"]);
    const next = await hashPassword(env, body.password);
    await mailbox.run("setPassword", next, await currentPasswordKey(env, mailbox.address, body.currentPassword));
    return new Response(null, { status: 204 });
  });

  /** Sign out everywhere: every credential of the mailbox stops working; the caller gets a new one. */
  router.post("/api/v1/mailboxes/:address/sessions/revoke", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["currentPassword"]);
    const fresh = await mailbox.run("revokeCredentials", await currentPasswordKey(env, mailbox.address, body.currentPassword));
    const cred = { address: mailbox.address, epoch: fresh.epoch, mailboxId: fresh.mailboxId };
    const out: TokenResponse = {
      address: mailbox.address,
      token: await issueToken(env, cred, fresh.expiresAt),
      expiresAt: new Date(fresh.expiresAt).toISOString(),
    };
    return Response.json(out);
  });

  router.post("/api/v1/tokens", async (req, env) => {
    const body = await readJsonObject(req);
    onlyFields(body, ["address", "password"]);
    if (typeof body.address !== "string" || typeof body.password !== "string") {
      throw new ApiError("bad_request", 'Send {"address": "…", "password": "…"}.');
    }
    let address: string;
    try {
      address = addressParam(encodeURIComponent(body.address.trim().toLowerCase()), readConfig(env));
    } catch {
      throw new ApiError("unauthorized", "Wrong address or password.");
    }
    const result = await login(env, address, body.password);
    if (result.ok) {
      const out: TokenResponse = { address, token: result.token, expiresAt: new Date(result.expiresAt).toISOString() };
      return Response.json(out, { status: 201 });
    }
    if (result.reason === "throttled") {
      throw new ApiError("rate_limited", "Too many wrong passwords for this address; try again later.", {
        "Retry-After": String(result.retryAfter),
      });
    }
    throw new ApiError("unauthorized", "Wrong address or password.");
  });
}
