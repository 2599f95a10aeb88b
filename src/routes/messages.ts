// Messages of one mailbox: list, read, raw, attachments, delete.
import { ApiError } from "../http/errors";
import { intParam } from "../http/request";
import type { Router } from "../http/router";
import { ownedFromRoute } from "./owned";

const MAX_ID = 2 ** 53 - 1;

function contentDisposition(filename: string): string {
  // ASCII fallback plus RFC 5987 UTF-8 name; quotes and controls never pass.
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function messageRoutes(router: Router): void {
  router.get("/api/v1/mailboxes/:address/messages", async (req, env) => {
    const mailbox = await ownedFromRoute(req, env);
    const limit = intParam(req.query.limit as string, "limit", 50, 100);
    if (limit < 1) throw new ApiError("bad_request", "limit must be between 1 and 100.");
    const before = intParam(req.query.before as string, "before", MAX_ID, MAX_ID);
    return Response.json(await mailbox.run("list", before, limit));
  });

  router.delete("/api/v1/mailboxes/:address/messages", async (req, env) => {
    const mailbox = await ownedFromRoute(req, env);
    await mailbox.run("clear");
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/mailboxes/:address/messages/:id", async (req, env) => {
    const mailbox = await ownedFromRoute(req, env);
    return Response.json(await mailbox.run("message", messageId(req.params.id)));
  });

  router.delete("/api/v1/mailboxes/:address/messages/:id", async (req, env) => {
    const mailbox = await ownedFromRoute(req, env);
    await mailbox.run("deleteMessage", messageId(req.params.id));
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/mailboxes/:address/messages/:id/raw", async (req, env) => {
    const mailbox = await ownedFromRoute(req, env);
    const id = messageId(req.params.id);
    const raw = await mailbox.run("raw", id);
    return new Response(raw as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "message/rfc822",
        "content-disposition": contentDisposition(`message-${id}.eml`),
        "cache-control": "private, no-store",
      },
    });
  });

  router.get("/api/v1/mailboxes/:address/messages/:id/attachments/:index", async (req, env) => {
    const mailbox = await ownedFromRoute(req, env);
    const id = messageId(req.params.id);
    const index = intParam(req.params.index, "index", 0, 100_000);
    const { info, content } = await mailbox.run("attachment", id, index);
    return new Response(content as Uint8Array<ArrayBuffer>, {
      headers: {
        // Served as a download, never rendered in our origin.
        "content-type": info.contentType || "application/octet-stream",
        "content-disposition": contentDisposition(info.filename || `attachment-${index}`),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": "private, no-store",
      },
    });
  });
}

function messageId(value: string | undefined): number {
  if (!value || !/^\d{1,15}$/.test(value)) throw new ApiError("not_found", "No such message.");
  return Number(value);
}
