// GET /api/v1/mailboxes/{address}/codes/next: the next fresh verification code
// or one-time link, handed out once per mailbox (docs/agents.md).
import type { CodeFilter } from "../../objects/mailbox/ops/codes";
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
  router.get("/api/v1/mailboxes/:address/codes/next", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const q = codeQuery(req.query, readConfig(env).waitMaxSeconds);
    const found: NextCode | null = await mailbox.run("nextCode", q.after, q.filter, q.timeoutSeconds * 1000, q.peek);
    return found ? Response.json(found) : new Response(null, { status: 204 });
  });
}
