// The admin's view of the directory: blocklists, statistics, users (list, create, disable, enable), the audit log.
import { indexTotals } from "../../objects/directory/address-index";
import { forgetBlocklist } from "../blocklist";
import type { AdminStats, AuditList, Blocklist, UserList } from "../contract/accounts";
import { readConfig } from "../contract/config";
import { audit, auditPage } from "../directory/audit";
import { blocklistFrom, readBlocklist, writeBlocklist } from "../directory/blocklist";
import { endUserSessions } from "../directory/sessions";
import { countUsers, createUser, listUsers, setUserDisabled, userById, userInfo, usernameFrom } from "../directory/users";
import { ApiError } from "../http/errors";
import { intParam, limitParam, onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { hashPassword } from "../passwords";
import { requireAdmin } from "../principal";
import { closeSessionSockets } from "../session-sockets";
import { PAGE_MAX } from "./admin";

export function adminDirectoryRoutes(router: Router): void {
  router.get("/api/v1/admin/blocklist", async (req, env) => {
    await requireAdmin(req, env);
    const { senders, names } = await readBlocklist(env);
    const body: Blocklist = { senders, names };
    return Response.json(body);
  });

  router.put("/api/v1/admin/blocklist", async (req, env) => {
    const admin = await requireAdmin(req, env);
    const list = blocklistFrom(await readJsonObject(req, 1024 * 1024));
    await writeBlocklist(env, list);
    forgetBlocklist();
    await audit(env, admin, "blocklist.replace", null, { senders: list.senders.length, names: list.names.length });
    return Response.json(list);
  });

  router.get("/api/v1/admin/stats", async (req, env) => {
    await requireAdmin(req, env);
    const [totals, users] = await Promise.all([indexTotals(env.DIRECTORY), countUsers(env)]);
    const body: AdminStats = { ...totals, users, countsDelaySeconds: readConfig(env).statsFlushSeconds };
    return Response.json(body);
  });

  router.get("/api/v1/admin/users", async (req, env) => {
    await requireAdmin(req, env);
    const query = typeof req.query.query === "string" ? req.query.query.trim().toLowerCase().slice(0, 64) : "";
    const before = intParam(req.query.before as string, "before", Number.MAX_SAFE_INTEGER);
    const limit = limitParam(req.query.limit as string, 50, PAGE_MAX);
    const page = await listUsers(env, query, before, limit + 1);
    const more = page.length > limit;
    const rows = more ? page.slice(0, limit) : page;
    const body: UserList = { users: rows.map(userInfo), nextBefore: more ? rows[rows.length - 1].seq : null };
    return Response.json(body);
  });

  router.post("/api/v1/admin/users", async (req, env) => {
    const admin = await requireAdmin(req, env);
    if (readConfig(env).accounts.registration === "off") {
      throw new ApiError("registration_closed", "User accounts are off on this deployment (USER_REGISTRATION=off).");
    }
    const body = await readJsonObject(req);
    onlyFields(body, ["username", "password"]);
    const username = usernameFrom(body.username);
    const user = await createUser(env, { username, password: await hashPassword(env, body.password), createdBy: "admin" });
    await audit(env, admin, "user.create", user.id, { username });
    return Response.json(userInfo(user), { status: 201 });
  });

  for (const [action, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    router.post(`/api/v1/admin/users/:id/${action}`, async (req, env) => {
      const admin = await requireAdmin(req, env);
      const user = (await setUserDisabled(env, req.params.id, disabled)) ? await userById(env, req.params.id) : null;
      if (!user) throw new ApiError("not_found", "No such user.");
      // Disabling ends the sessions for good (enabling again must not bring back a stolen one),
      // and the sockets they opened are closed now.
      if (disabled) {
        await endUserSessions(env, user.id);
        await closeSessionSockets(env, user.id, null);
      }
      await audit(env, admin, `user.${action}`, user.id);
      return Response.json(userInfo(user));
    });
  }

  router.get("/api/v1/admin/audit", async (req, env) => {
    await requireAdmin(req, env);
    const before = intParam(req.query.before as string, "before", Number.MAX_SAFE_INTEGER);
    const limit = limitParam(req.query.limit as string, 50, PAGE_MAX);
    const page = await auditPage(env, before, limit + 1);
    const more = page.length > limit;
    const entries = more ? page.slice(0, limit) : page;
    const body: AuditList = { entries, nextBefore: more ? entries[entries.length - 1].id : null };
    return Response.json(body);
  });
}
