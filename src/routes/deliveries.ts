// A mailbox's delivery log and the senders its owner blocks (docs/deliveries.md).
import type { BlockedSender } from "../contract/delivery-log";
import { ApiError } from "../http/errors";
import { limitParam, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { isMailAddress } from "../mail/send-request";
import { mailboxFor } from "../principal";

/** What the owner typed, as a rule: "a@b.example" an address; "b.example", "@b.example" or "*@b.example" a domain. */
export function senderRule(input: string): Pick<BlockedSender, "sender" | "kind"> | null {
  const s = input.trim().toLowerCase();
  const domain = s.startsWith("*@") ? s.slice(2) : s.startsWith("@") ? s.slice(1) : s.includes("@") ? null : s;
  if (domain === null) return isMailAddress(s) ? { sender: s, kind: "address" } : null;
  return isMailAddress(`x@${domain}`) ? { sender: domain, kind: "domain" } : null;
}

function ruleFrom(value: unknown): Pick<BlockedSender, "sender" | "kind"> {
  const rule = typeof value === "string" ? senderRule(value) : null;
  if (!rule)
    throw new ApiError("bad_request", 'sender must be an address, or a domain as "example.com", "@example.com" or "*@example.com".');
  return rule;
}

export function deliveryRoutes(router: Router): void {
  router.get("/api/v1/mailboxes/:address/deliveries", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const limit = limitParam(req.query.limit as string, 1000, 1000);
    return Response.json(await mailbox.run("deliveries", limit));
  });

  router.get("/api/v1/mailboxes/:address/blocked-senders", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    return Response.json(await mailbox.run("blockedSenders"));
  });

  router.post("/api/v1/mailboxes/:address/blocked-senders", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const body = await readJsonObject(req);
    for (const key of Object.keys(body)) if (key !== "sender") throw new ApiError("bad_request", `Unknown field '${key}'.`);
    const { sender, kind } = ruleFrom(body.sender);
    return Response.json(await mailbox.run("blockSender", sender, kind), { status: 201 });
  });

  router.delete("/api/v1/mailboxes/:address/blocked-senders/:sender", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    let typed: string;
    try {
      typed = decodeURIComponent(req.params.sender ?? "");
    } catch {
      throw new ApiError("bad_request", "sender is not valid URL encoding.");
    }
    await mailbox.run("unblockSender", ruleFrom(typed).sender);
    return new Response(null, { status: 204 });
  });
}
