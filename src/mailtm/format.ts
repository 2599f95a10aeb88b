// mail.tm's JSON: JSON-LD (hydra) by default, plain JSON for
// `Accept: application/json`, with mail.tm's field names and error bodies.
import type { MailtmRecord } from "../../objects/mailbox/mailtm-view";
import type { MailboxMeta } from "../contract/wire";
import { CORS_HEADERS } from "../http/cors";
import { messageHexId } from "./ids";
import type { HydraCollection, MailtmAccount, MailtmAddress, MailtmError, MailtmMessage, MailtmMessageItem } from "./wire";

/** API Platform answers JSON-LD unless plain JSON is asked for. */
export function wantsPlainJson(req: Request): boolean {
  const accept = req.headers.get("accept") ?? "";
  return /application\/json/i.test(accept) && !/application\/ld\+json/i.test(accept);
}

export function json(req: Request, body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const type = wantsPlainJson(req) ? "application/json; charset=utf-8" : "application/ld+json; charset=utf-8";
  return new Response(JSON.stringify(body), { status, headers: { "content-type": type, ...CORS_HEADERS, ...headers } });
}

/** Adds (or, for plain JSON, leaves out) the JSON-LD members of one resource. */
export function resource<T extends object>(req: Request, type: string, iri: string, body: T): T {
  if (wantsPlainJson(req)) return body;
  return { "@context": `/contexts/${type}`, "@id": iri, "@type": type, ...body };
}

/** A collection: the bare array for plain JSON, a hydra:Collection otherwise. */
export function collection<T>(
  req: Request,
  type: string,
  iri: string,
  members: T[],
  total: number,
  view?: Record<string, string>,
): unknown {
  if (wantsPlainJson(req)) return members;
  const out: HydraCollection<T> = {
    "@context": `/contexts/${type}`,
    "@id": iri,
    "@type": "hydra:Collection",
    "hydra:member": members,
    "hydra:totalItems": total,
  };
  if (view) out["hydra:view"] = view;
  return out;
}

/** In collections and events members carry @id/@type but no @context. */
export function member<T extends object>(req: Request | null, type: string, iri: string, body: T): T {
  if (req && wantsPlainJson(req)) return body;
  return { "@id": iri, "@type": type, ...body };
}

export function account(accountId: string, meta: MailboxMeta): MailtmAccount {
  return {
    id: accountId,
    address: meta.address,
    quota: meta.maxBytes,
    used: meta.storedBytes,
    isDisabled: false,
    isDeleted: false,
    createdAt: meta.createdAt,
    updatedAt: meta.createdAt,
  };
}

const NOBODY: MailtmAddress = { name: "", address: "" };

export function messageItem(accountId: string, r: MailtmRecord): MailtmMessageItem {
  const id = messageHexId(accountId, r.id);
  return {
    id,
    accountId: `/accounts/${accountId}`,
    msgid: r.messageId ?? "",
    from: r.from ? { name: r.from.name ?? "", address: r.from.address ?? "" } : NOBODY,
    to: r.to.map((a) => ({ name: a.name ?? "", address: a.address ?? "" })),
    subject: r.subject ?? "",
    intro: r.snippet,
    seen: r.seen,
    isDeleted: false,
    hasAttachments: r.attachments.length > 0,
    size: r.size,
    downloadUrl: `/messages/${id}/download`,
    createdAt: new Date(r.receivedAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export function attachmentId(index: number): string {
  return `ATTACH${String(index + 1).padStart(6, "0")}`;
}

export function parseAttachmentId(value: string | undefined): number | null {
  const m = /^ATTACH(\d{6})$/.exec(value ?? "");
  return m && Number(m[1]) > 0 ? Number(m[1]) - 1 : null;
}

export function fullMessage(accountId: string, r: MailtmRecord, messageTtlSeconds: number): MailtmMessage {
  const { intro: _intro, ...item } = messageItem(accountId, r);
  const full = r.full ?? { cc: [], text: null, html: null, codes: [] };
  return {
    ...item,
    cc: full.cc.map((a) => a.address),
    bcc: [],
    flagged: false,
    verifications: [],
    retention: true,
    retentionDate: new Date(r.receivedAt + messageTtlSeconds * 1000).toISOString(),
    text: full.text ?? "",
    html: full.html ? [full.html] : [],
    attachments: r.attachments.map((a) => ({
      id: attachmentId(a.index),
      filename: a.filename ?? `attachment-${a.index + 1}`,
      contentType: a.contentType,
      disposition: a.disposition ?? "attachment",
      transferEncoding: "base64",
      related: a.disposition === "inline",
      size: a.size,
      downloadUrl: `/messages/${item.id}/attachment/${attachmentId(a.index)}`,
    })),
  };
}

// ---- errors, as mail.tm sends them ----------------------------------------

/** A response mail.tm would give, thrown from inside a handler. */
export class MailtmFailure extends Error {
  constructor(readonly respond: (req: Request) => Response) {
    super("mail.tm error");
  }
}

/** LexikJWT-style: `{"code":401,"message":"JWT Token not found"}`. */
export function codeError(status: number, message: string, headers: Record<string, string> = {}): MailtmFailure {
  return new MailtmFailure(
    () =>
      new Response(JSON.stringify({ code: status, message } satisfies MailtmError), {
        status,
        headers: { "content-type": "application/json", ...CORS_HEADERS, ...headers },
      }),
  );
}

/** API Platform-style: hydra:Error in JSON-LD, or type/title/detail in plain JSON. */
export function platformError(status: number, description: string): MailtmFailure {
  return new MailtmFailure((req) => {
    const body: MailtmError = wantsPlainJson(req)
      ? { type: "https://tools.ietf.org/html/rfc2616#section-10", title: "An error occurred", detail: description }
      : { "@context": "/contexts/Error", "@type": "hydra:Error", "hydra:title": "An error occurred", "hydra:description": description };
    return json(req, body, status);
  });
}

export interface Violation {
  propertyPath: string;
  message: string;
}

/** 422 with a list of violations, as API Platform's validator answers. */
export function violations(list: Violation[]): MailtmFailure {
  const detail = list.map((v) => `${v.propertyPath}: ${v.message}`).join("\n");
  return new MailtmFailure((req) => {
    const body: MailtmError = wantsPlainJson(req)
      ? { type: "https://tools.ietf.org/html/rfc2616#section-10", title: "An error occurred", detail, violations: list }
      : {
          "@context": "/contexts/ConstraintViolationList",
          "@type": "ConstraintViolationList",
          "hydra:title": "An error occurred",
          "hydra:description": detail,
          violations: list,
        };
    return json(req, body, 422);
  });
}

export const notFound = () => platformError(404, "Not Found");
