// Forwarding rules of one mailbox: every mail that arrives is also forwarded to each destination
// (by email(), with message.forward(); docs/sending.md).
import { readConfig } from "../contract/config";
import type { ForwardRuleList } from "../contract/wire";
import { ApiError } from "../http/errors";
import { readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { isMailAddress } from "../mail/send-request";
import { mailboxFor } from "../principal";

const RULE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function forwardRoutes(router: Router): void {
  router.post("/api/v1/mailboxes/:address/forwards", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    for (const key of Object.keys(body)) if (key !== "to") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    const to = typeof body.to === "string" ? body.to.trim().toLowerCase() : "";
    if (!isMailAddress(to)) throw new ApiError("bad_request", "to must be a valid address.");
    // Mail forwarded to one of our own domains would come straight back: a loop.
    if (readConfig(env).domains.includes(to.slice(to.lastIndexOf("@") + 1))) {
      throw new ApiError("bad_request", "Forwarding to an address of this service would loop; use an outside address.");
    }
    return Response.json(await mailbox.run("addForward", to), { status: 201 });
  });

  router.get("/api/v1/mailboxes/:address/forwards", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body: ForwardRuleList = { forwards: await mailbox.run("listForwards") };
    return Response.json(body);
  });

  router.delete("/api/v1/mailboxes/:address/forwards/:id", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const id = String(req.params.id ?? "").toLowerCase();
    if (!RULE_ID.test(id)) throw new ApiError("not_found", "No such forwarding rule.");
    await mailbox.run("deleteForward", id);
    return new Response(null, { status: 204 });
  });
}
