// mail.tm messages and sources: list, read, mark seen, delete, source, and the raw and attachment downloads.
import { readConfig } from "../contract/config";
import { downloadResponse } from "../http/download";
import { readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { collection, fullMessage, json, member, messageItem, notFound, parseAttachmentId, platformError, resource } from "./format";
import { parseMessageHexId } from "./ids";
import { mailtm, type Session, session } from "./session";
import type { MailtmSource } from "./wire";

/** mail.tm's page size. */
export const PER_PAGE = 30;

function localId(s: Session, value: string | undefined): number {
  const id = parseMessageHexId(s.accountId, value);
  if (id === null) throw notFound();
  return id;
}

function pageParam(value: unknown): number {
  if (value === undefined || value === "") return 1;
  if (typeof value !== "string" || !/^\d{1,9}$/.test(value)) throw platformError(400, "Page should be a positive integer.");
  const page = Number(value);
  if (page < 1) throw platformError(400, "Page should not be less than 1");
  return page;
}

export function mailtmMessageRoutes(router: Router): void {
  router.get(
    "/mailtm/messages",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      const page = pageParam(req.query.page);
      const { records, total } = await s.mailbox.run("mailtmPage", page, PER_PAGE);
      const items = records.map((r) => {
        const item = messageItem(s.accountId, r);
        return member(req, "Message", `/messages/${item.id}`, item);
      });
      const last = Math.max(1, Math.ceil(total / PER_PAGE));
      const view: Record<string, string> = {
        "@id": `/messages?page=${page}`,
        "@type": "hydra:PartialCollectionView",
        "hydra:first": "/messages?page=1",
        "hydra:last": `/messages?page=${last}`,
      };
      if (page > 1) view["hydra:previous"] = `/messages?page=${page - 1}`;
      if (page < last) view["hydra:next"] = `/messages?page=${page + 1}`;
      return json(req, collection(req, "Message", "/messages", items, total, view));
    }),
  );

  router.get(
    "/mailtm/messages/:id",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      const r = await s.mailbox.run("mailtmMessage", localId(s, req.params.id), true);
      const body = fullMessage(s.accountId, r, readConfig(env).messageTtlSeconds);
      return json(req, resource(req, "Message", `/messages/${body.id}`, body));
    }),
  );

  router.patch(
    "/mailtm/messages/:id",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      const id = localId(s, req.params.id);
      const body = await readJsonObject(req);
      if (body.seen !== undefined && typeof body.seen !== "boolean") {
        throw platformError(400, 'The type of the "seen" attribute must be "bool".');
      }
      const r = await s.mailbox.run("setSeen", id, body.seen ?? true);
      // mail.tm answers a PATCH with just the new flag.
      return json(req, { seen: r.seen });
    }),
  );

  router.delete(
    "/mailtm/messages/:id",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      await s.mailbox.run("deleteMessage", localId(s, req.params.id));
      return new Response(null, { status: 204 });
    }),
  );

  router.get(
    "/mailtm/sources/:id",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      const raw = await s.mailbox.run("raw", localId(s, req.params.id));
      const body: MailtmSource = {
        id: req.params.id,
        downloadUrl: `/messages/${req.params.id}/download`,
        data: new TextDecoder().decode(raw),
      };
      return json(req, resource(req, "Source", `/sources/${req.params.id}`, body));
    }),
  );

  router.get(
    "/mailtm/messages/:id/download",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      const raw = await s.mailbox.run("raw", localId(s, req.params.id));
      return downloadResponse(raw, "message/rfc822", `${req.params.id}.eml`);
    }),
  );

  router.get(
    "/mailtm/messages/:id/attachment/:attachment",
    mailtm(async (req, env) => {
      const s = await session(req, env);
      const index = parseAttachmentId(req.params.attachment);
      if (index === null) throw notFound();
      const { info, content } = await s.mailbox.run("attachment", localId(s, req.params.id), index);
      return downloadResponse(content, info.contentType, info.filename ?? `attachment-${index + 1}`);
    }),
  );
}
