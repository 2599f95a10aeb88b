// One mailbox as a whole: its meta, deleting it, its expiry, long-poll and the WebSocket.

import { socketRequest } from "../../objects/mailbox/socket-request";
import { readConfig } from "../contract/config";
import type { WaitResponse } from "../contract/wire";
import { ApiError } from "../http/errors";
import { intParam, onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { mailboxFor } from "../principal";

export function mailboxRoutes(router: Router): void {
  router.get("/api/v1/mailboxes/:address", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    return Response.json(await mailbox.run("meta"));
  });

  router.delete("/api/v1/mailboxes/:address", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    await mailbox.run("destroy");
    return new Response(null, { status: 204 });
  });

  // Anyone holding the credential may move the expiry, within ADDRESS_MAX_TTL_SECONDS of creation (an owner's: USER_ADDRESS_TTL_SECONDS).
  router.put("/api/v1/mailboxes/:address/expiry", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["expiresAt"]);
    const at = typeof body.expiresAt === "string" ? Date.parse(body.expiresAt) : Number.NaN;
    if (!Number.isFinite(at)) throw new ApiError("bad_request", "expiresAt must be an ISO 8601 date-time.");
    return Response.json(await mailbox.run("extend", at));
  });

  router.get("/api/v1/mailboxes/:address/wait", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const max = readConfig(env).waitMaxSeconds;
    const after = intParam(req.query.after as string, "after", 0);
    const timeout = intParam(req.query.timeout as string, "timeout", Math.min(30, max), max);
    const messages = await mailbox.run("waitFor", after, timeout * 1000);
    if (messages.length === 0) return new Response(null, { status: 204 });
    const body: WaitResponse = { messages };
    return Response.json(body);
  });

  router.get("/api/v1/mailboxes/:address/ws", async (req, env) => {
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError("bad_request", "This route expects a WebSocket upgrade.");
    }
    const mailbox = await mailboxFor(req, env, { allowQuery: true });
    const since = intParam(req.query.since as string, "since", 0);
    // Only what the object needs travels on: the client's other headers (partyserver reads some), its token and site token stay here.
    return mailbox.stub.fetch(socketRequest(`https://mailbox.internal/ws?since=${since}`, mailbox.grant, req.headers));
  });
}
