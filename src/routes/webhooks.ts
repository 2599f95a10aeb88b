// Webhooks of one mailbox (create, list, delete) and its outbox report.

import { webhookUrlProblem } from "../../objects/mailbox/webhook-target";
import { readConfig } from "../contract/config";
import type { WebhookList } from "../contract/wire";
import { ApiError } from "../http/errors";
import { limitParam, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { mailboxFor } from "../principal";

const WEBHOOK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function webhookRoutes(router: Router): void {
  router.post("/api/v1/mailboxes/:address/webhooks", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    for (const key of Object.keys(body)) {
      if (key !== "url") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    }
    if (typeof body.url !== "string") throw new ApiError("bad_request", "url is required and must be a string.");
    const problem = webhookUrlProblem(body.url.trim(), readConfig(env).allowPrivateWebhooks);
    if (problem) throw new ApiError("bad_request", problem);
    const created = await mailbox.run("addWebhook", new URL(body.url.trim()).href);
    return Response.json(created, { status: 201 });
  });

  router.get("/api/v1/mailboxes/:address/webhooks", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body: WebhookList = { webhooks: await mailbox.run("listWebhooks") };
    return Response.json(body);
  });

  router.delete("/api/v1/mailboxes/:address/webhooks/:id", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const id = String(req.params.id ?? "").toLowerCase();
    if (!WEBHOOK_ID.test(id)) throw new ApiError("not_found", "No such webhook.");
    await mailbox.run("deleteWebhook", id);
    return new Response(null, { status: 204 });
  });

  /** What the outbox holds: pending retries and dead notifications with their last error. */
  router.get("/api/v1/mailboxes/:address/outbox", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const limit = limitParam(req.query.limit as string, 50, 200);
    return Response.json(await mailbox.run("outboxReport", limit));
  });
}
