// Passwords on v1 addresses: set one (owner), and exchange address + password
// for a fresh credential, so a person can reopen their mailbox anywhere.
import { addressParam } from "../address";
import { readConfig } from "../contract/config";
import type { TokenResponse } from "../contract/wire";
import { ApiError } from "../http/errors";
import { readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { hashPassword, login } from "../passwords";
import { mailboxFor } from "../principal";

export function tokenRoutes(router: Router): void {
  router.put("/api/v1/mailboxes/:address/password", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    for (const key of Object.keys(body)) {
      if (key !== "password") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    }
    await mailbox.run("setPassword", await hashPassword(env, body.password));
    return new Response(null, { status: 204 });
  });

  router.post("/api/v1/tokens", async (req, env) => {
    const body = await readJsonObject(req);
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
