// Who calls the mail.tm API (the v1 JWT resolved to its account), and the wrapper that answers failures in mail.tm's shapes.
import type { IRequest } from "itty-router";
import { bearerToken, type Credential, verifyToken } from "../auth";
import type { Env } from "../env";
import { withCors } from "../http/cors";
import { ApiError, errorResponse } from "../http/errors";
import { type OwnedMailbox, ownedMailbox } from "../mailbox-access";
import { codeError, MailtmFailure, notFound, platformError } from "./format";
import { accountId } from "./ids";

export interface Session {
  address: string;
  epoch: string;
  accountId: string;
  mailbox: OwnedMailbox;
}

/** The caller's account, or 401 as mail.tm words it. The epoch itself is checked by the Mailbox. */
export async function session(req: Request, env: Env, allowQuery = false): Promise<Session> {
  let token = bearerToken(req);
  // Mercure lets browsers (whose EventSource cannot set headers) pass ?authorization=.
  if (!token && allowQuery) token = new URL(req.url).searchParams.get("authorization");
  if (!token) throw codeError(401, "JWT Token not found");
  let cred: Credential;
  try {
    cred = await verifyToken(env, token);
  } catch (err) {
    const expired = err instanceof ApiError && /expired/i.test(err.message);
    throw codeError(401, expired ? "Expired JWT Token" : "Invalid JWT Token");
  }
  return {
    address: cred.address,
    epoch: cred.epoch,
    accountId: await accountId(cred.mailboxId),
    mailbox: ownedMailbox(env, cred.address, { epoch: cred.epoch }),
  };
}

type Handler = (req: IRequest, env: Env, ctx: ExecutionContext) => Promise<Response>;

/** Runs a mail.tm route; errors come out in mail.tm's shapes, never ours. */
export function mailtm(handler: Handler): Handler {
  return async (req, env, ctx) => {
    try {
      return withCors(await handler(req, env, ctx));
    } catch (err) {
      return withCors(failure(err).respond(req));
    }
  };
}

function failure(err: unknown): MailtmFailure {
  if (err instanceof MailtmFailure) return err;
  const api = err instanceof ApiError ? err : null;
  if (!api) return new MailtmFailure(() => errorResponse(err));
  switch (api.code) {
    case "unauthorized": // the mailbox behind the token was deleted or expired
      return codeError(401, "Invalid JWT Token");
    case "not_found":
      return notFound();
    case "rate_limited":
      return codeError(429, api.message, api.headers);
    default:
      return api.status < 500 ? platformError(api.status, api.message) : new MailtmFailure(() => errorResponse(api));
  }
}
