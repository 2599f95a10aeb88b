// The admin's session and what it does to addresses: list and search, delete, open (a credential), grant a send quota.
import { type IndexedAddress, searchAddresses } from "../../objects/directory/address-index";
import { addressParam } from "../address";
import { writeThrough } from "../addresses";
import { issueToken } from "../auth";
import type { DirectoryAddress, DirectoryAddressList } from "../contract/accounts";
import { readConfig } from "../contract/config";
import type { CreateAddressResponse } from "../contract/wire";
import { audit, grantStatement } from "../directory/audit";
import { endSession } from "../directory/sessions";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { intParam, limitParam, onlyFields, readJsonObject, stringField } from "../http/request";
import type { Router } from "../http/router";
import { ownedMailbox } from "../mailbox-access";
import { requireAdmin } from "../principal";
import { adminSession, checkAdminPassword } from "../sign-in";

const iso = (ms: number) => new Date(ms).toISOString();
export const PAGE_MAX = 200;
/** Largest daily send quota an admin may grant. */
const QUOTA_MAX = 1_000_000;

function listed(a: IndexedAddress): DirectoryAddress {
  return { address: a.address, createdAt: iso(a.createdAt), expiresAt: iso(a.expiresAt), state: a.state, owner: a.owner };
}

/** The mailbox of `{address}` as the admin acts on it (grant: admin). */
function adminMailbox(req: Request & { params: Record<string, string> }, env: Env) {
  const address = addressParam(req.params.address, readConfig(env));
  return ownedMailbox(env, address, { admin: true });
}

export function adminRoutes(router: Router): void {
  router.post("/api/v1/admin/session", async (req, env) => {
    if (!env.ADMIN_PASSWORD) throw new ApiError("not_found", "The admin console is off on this deployment.");
    const body = await readJsonObject(req);
    onlyFields(body, ["password"]);
    await checkAdminPassword(env, stringField(body, "password"));
    const { session, admin } = await adminSession(env, req);
    await audit(env, admin, "session.start", null, {
      agent: req.headers.get("user-agent")?.slice(0, 200) ?? null,
    });
    return Response.json(session, { status: 201 });
  });

  router.delete("/api/v1/admin/session", async (req, env) => {
    const admin = await requireAdmin(req, env);
    await endSession(env, admin.sessionId);
    await audit(env, admin, "session.end", null);
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/admin/addresses", async (req, env) => {
    await requireAdmin(req, env);
    const query = typeof req.query.query === "string" ? req.query.query.trim().toLowerCase().slice(0, 254) : "";
    const before = intParam(req.query.before as string, "before", Number.MAX_SAFE_INTEGER);
    const limit = limitParam(req.query.limit as string, 50, PAGE_MAX);
    const page = await searchAddresses(env.DIRECTORY, query, before, limit + 1);
    const more = page.length > limit;
    const rows = more ? page.slice(0, limit) : page;
    const body: DirectoryAddressList = { addresses: rows.map(listed), nextBefore: more ? rows[rows.length - 1].seq : null };
    return Response.json(body);
  });

  router.delete("/api/v1/admin/addresses/:address", async (req, env) => {
    const admin = await requireAdmin(req, env);
    const mailbox = adminMailbox(req, env);
    await writeThrough(env, await mailbox.run("destroy"));
    await audit(env, admin, "address.delete", mailbox.address);
    return new Response(null, { status: 204 });
  });

  router.post("/api/v1/admin/addresses/:address/token", async (req, env) => {
    const admin = await requireAdmin(req, env);
    const mailbox = adminMailbox(req, env);
    const { epoch, mailboxId, expiresAt } = await mailbox.run("credential");
    const token = await issueToken(env, { address: mailbox.address, epoch, mailboxId }, expiresAt);
    await audit(env, admin, "address.token", mailbox.address);
    const out: CreateAddressResponse = { address: mailbox.address, token, expiresAt: iso(expiresAt) };
    return Response.json(out, { status: 201 });
  });

  router.put("/api/v1/admin/addresses/:address/send-quota", async (req, env) => {
    const admin = await requireAdmin(req, env);
    const mailbox = adminMailbox(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["daily"]);
    const daily = body.daily;
    if (daily !== null && (typeof daily !== "number" || !Number.isInteger(daily) || daily < 0 || daily > QUOTA_MAX)) {
      throw new ApiError("bad_request", `daily must be null (the deployment's SEND_DAILY_QUOTA) or an integer from 0 to ${QUOTA_MAX}.`);
    }
    const granted = await mailbox.run("setSendQuota", daily);
    await audit(env, admin, "address.send-quota", mailbox.address, { daily }, [await grantStatement(env, mailbox.address, daily)]);
    return Response.json(granted);
  });
}
