// GET /api/v1/mailboxes/{address}/codes/next: the next fresh verification code
// or one-time link, handed out once per mailbox (docs/agents.md).
import type { CodeFilter } from "../../objects/mailbox/ops/codes";
import { nameWait } from "../abandoned-wait";
import type { NextCode } from "../contract/agents";
import { readConfig } from "../contract/config";
import { ApiError } from "../http/errors";
import { intParam } from "../http/request";
import type { Router } from "../http/router";
import { mailboxFor } from "../principal";

const FILTER_MAX = 200;

/** A filter: a plain substring, compared case-insensitively (never a pattern); absent or empty: any. */
function substring(value: unknown, name: string): string | null {
  if (value === undefined || value === "") return null;
  if (typeof value !== "string" || value.length > FILTER_MAX)
    throw new ApiError("bad_request", `${name} must be one text of at most ${FILTER_MAX} characters.`);
  return value.toLowerCase();
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === "false" || value === "0") return false;
  if (value === "true" || value === "1" || value === "") return true;
  throw new ApiError("bad_request", `${name} must be true or false.`);
}

/** A wait's name, chosen by its client so that it can end the wait if it gives up. */
function waitName(value: unknown): string {
  if (typeof value !== "string" || !WAIT_NAME.test(value)) throw new ApiError("bad_request", "wait must be 8 to 64 of A-Z a-z 0-9 _ -.");
  return value;
}

const WAIT_NAME = /^[A-Za-z0-9_-]{8,64}$/;

/** The query of codes/next, read at the edge (shared with the MCP tool that waits for codes). */
export function codeQuery(q: Record<string, unknown>, waitMaxSeconds: number) {
  const filter: CodeFilter = { from: substring(q.from, "from"), subject: substring(q.subject, "subject") };
  return {
    after: intParam(q.after as string, "after", 0),
    filter,
    timeoutSeconds: intParam(q.timeout as string, "timeout", Math.min(30, waitMaxSeconds), waitMaxSeconds),
    peek: flag(q.peek, "peek"),
  };
}

export function codeRoutes(router: Router): void {
  router.get("/api/v1/mailboxes/:address/codes/next", async (req, env, ctx) => {
    const mailbox = await mailboxFor(req, env);
    const q = codeQuery(req.query, readConfig(env).waitMaxSeconds);
    const name = req.query.wait === undefined ? nameWait(req, ctx, mailbox) : waitName(req.query.wait);
    const found: NextCode | null = await mailbox.run("nextCode", q.after, q.filter, q.timeoutSeconds * 1000, q.peek, name);
    return found ? Response.json(found) : new Response(null, { status: 204 });
  });

  // A client that gives up on a wait says so: its connection closing may never reach us (a proxy
  // in front can finish the request on its own), and the wait would take the next code for nobody.
  router.delete("/api/v1/mailboxes/:address/codes/waits/:wait", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    await mailbox.run("abandonWait", waitName(req.params.wait));
    return new Response(null, { status: 204 });
  });
}
