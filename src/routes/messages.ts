// Messages of one mailbox: list, read, mark read, raw, attachments, delete.

import { downloadResponse } from "../http/download";
import { ApiError } from "../http/errors";
import { idParam, intParam, limitParam, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { mailboxFor } from "../principal";

const MAX_ID = 2 ** 53 - 1;

export function messageRoutes(router: Router): void {
  router.get("/api/v1/mailboxes/:address/messages", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const limit = limitParam(req.query.limit as string, 50, 100);
    if (limit < 1) throw new ApiError("bad_request", "limit must be between 1 and 100.");
    const before = intParam(req.query.before as string, "before", MAX_ID, MAX_ID);
    const folder = (req.query.folder as string | undefined) ?? "inbox";
    if (folder !== "inbox" && folder !== "sent" && folder !== "junk")
      throw new ApiError("bad_request", "folder must be inbox, sent or junk.");
    // Already JSON: SQLite wrote each summary, the object joined them.
    return new Response(await mailbox.run("list", before, limit, folder), { headers: { "content-type": "application/json" } });
  });

  router.delete("/api/v1/mailboxes/:address/messages", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    await mailbox.run("clear");
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/mailboxes/:address/messages/:id", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    // Already JSON: SQLite wrote the detail.
    return new Response(await mailbox.run("message", idParam(req.params.id, "message")), {
      headers: { "content-type": "application/json" },
    });
  });

  router.patch("/api/v1/mailboxes/:address/messages/:id", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    for (const key of Object.keys(body)) {
      if (key !== "seen") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    }
    if (typeof body.seen !== "boolean") throw new ApiError("bad_request", 'Send {"seen": true} or {"seen": false}.');
    return Response.json(await mailbox.run("markSeen", idParam(req.params.id, "message"), body.seen));
  });

  router.delete("/api/v1/mailboxes/:address/messages/:id", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    await mailbox.run("deleteMessage", idParam(req.params.id, "message"));
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/mailboxes/:address/messages/:id/raw", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const id = idParam(req.params.id, "message");
    const raw = await mailbox.run("raw", id);
    return downloadResponse(raw, "message/rfc822", `message-${id}.eml`);
  });

  router.get("/api/v1/mailboxes/:address/messages/:id/attachments/:index", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const id = idParam(req.params.id, "message");
    const index = intParam(req.params.index, "index", 0, 100_000);
    const { info, content } = await mailbox.run("attachment", id, index);
    return downloadResponse(content, info.contentType, info.filename || `attachment-${index}`);
  });
}
