// User accounts: sign up, sign in and out, the account itself (password, sessions, deletion).

import { ownedAddresses } from "../../objects/directory/address-index";
import { writeThrough } from "../addresses";
import type { DeleteAccountRequest, SessionList } from "../contract/accounts";
import { readConfig } from "../contract/config";
import { endSession, endUserSessions, userSessions } from "../directory/sessions";
import { createUser, deleteUser, setUserPassword, userById, userByName, userInfo, usernameFrom } from "../directory/users";
import type { Env } from "../env";
import { clientKey } from "../http/client-key";
import { ApiError } from "../http/errors";
import { onlyFields, readJsonObject, stringField } from "../http/request";
import type { Router } from "../http/router";
import { ownedMailbox } from "../mailbox-access";
import { hashPassword, passwordProblem } from "../passwords";
import { requireUser } from "../principal";
import { closeSessionSockets } from "../session-sockets";
import { checkUserPassword, userSession } from "../sign-in";
import { requireTurnstile } from "../turnstile";

/** Sign-ups one client may make per ADDRESS_CREATE_WINDOW_SECONDS (each costs a password hash). */
export async function limitSignUps(env: Env, req: Request): Promise<void> {
  const config = readConfig(env);
  if (config.addressCreateLimit === 0) return;
  const client = clientKey(req);
  const d = await env.RATE_LIMITER.getByName(`register:${client}`).hit(config.addressCreateLimit, config.addressCreateWindowSeconds);
  if (!d.ok) throw new ApiError("rate_limited", "Too many sign-ups from here; try again later.", { "Retry-After": String(d.retryAfter) });
}

/** Anyone may sign up only while USER_REGISTRATION is open. */
export function requireOpenRegistration(env: Env): void {
  if (readConfig(env).accounts.registration !== "open") {
    throw new ApiError("registration_closed", "Sign-up is closed on this deployment; ask its admin for an account.");
  }
}

/** The signed-in user's record (a session outlives nothing: its user exists). */
async function me(req: Request, env: Env) {
  const p = await requireUser(req, env);
  const user = await userById(env, p.userId);
  if (!user) throw new ApiError("unauthorized", "This account no longer exists.");
  return { p, user };
}

export function userRoutes(router: Router): void {
  // USER_REGISTRATION=off: there are no accounts at all.
  router.all("/api/v1/users*", (_req, env) => {
    if (readConfig(env).accounts.registration === "off") throw new ApiError("not_found", "User accounts are off on this deployment.");
  });

  router.post("/api/v1/users", async (req, env) => {
    requireOpenRegistration(env);
    const body = await readJsonObject(req);
    onlyFields(body, ["username", "password", "turnstileToken"]);
    const username = usernameFrom(body.username);
    // A bad password is refused without counting; then the limit, so a client over it costs no hash.
    const problem = passwordProblem(body.password, env);
    if (problem) throw new ApiError("bad_request", problem);
    await limitSignUps(env, req);
    const password = await hashPassword(env, body.password);
    await requireTurnstile(env, req, body.turnstileToken);
    const user = await createUser(env, { username, password, createdBy: "self" });
    return Response.json(await userSession(env, req, user, "password"), { status: 201 });
  });

  router.post("/api/v1/users/session", async (req, env) => {
    const body = await readJsonObject(req);
    onlyFields(body, ["username", "password"]);
    const username = stringField(body, "username").trim().toLowerCase();
    const password = stringField(body, "password");
    const user = await checkUserPassword(env, username, await userByName(env, username), password);
    return Response.json(await userSession(env, req, user, "password"), { status: 201 });
  });

  router.delete("/api/v1/users/session", async (req, env) => {
    const p = await requireUser(req, env);
    await endSession(env, p.sessionId);
    await closeSessionSockets(env, p.userId, [p.sessionId]);
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/users/me", async (req, env) => Response.json(userInfo((await me(req, env)).user)));

  router.put("/api/v1/users/me/password", async (req, env) => {
    const { p, user } = await me(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["currentPassword", "password"]);
    if (user.password) await checkUserPassword(env, user.username, user, stringField(body, "currentPassword"));
    await setUserPassword(env, user.id, await hashPassword(env, body.password));
    // Whoever else holds a session (perhaps the reason for the change) is signed out, sockets included.
    const others = (await userSessions(env, user.id)).map((s) => s.id).filter((id) => id !== p.sessionId);
    await endUserSessions(env, user.id, p.sessionId);
    await closeSessionSockets(env, user.id, others);
    return new Response(null, { status: 204 });
  });

  router.get("/api/v1/users/me/sessions", async (req, env) => {
    const p = await requireUser(req, env);
    const body: SessionList = {
      sessions: (await userSessions(env, p.userId)).map((s) => ({
        id: s.id,
        method: s.method,
        agent: s.agent,
        createdAt: new Date(s.createdAt).toISOString(),
        expiresAt: new Date(s.expiresAt).toISOString(),
        current: s.id === p.sessionId,
      })),
    };
    return Response.json(body);
  });

  router.delete("/api/v1/users/me/sessions/:id", async (req, env) => {
    const p = await requireUser(req, env);
    if (!(await endSession(env, req.params.id, p.userId))) throw new ApiError("not_found", "No such session in your account.");
    await closeSessionSockets(env, p.userId, [req.params.id]);
    return new Response(null, { status: 204 });
  });

  router.delete("/api/v1/users/me", async (req, env) => {
    const { user } = await me(req, env);
    const body = await readJsonObject(req);
    onlyFields(body, ["password", "addresses"]);
    const choice = body.addresses as DeleteAccountRequest["addresses"];
    if (choice !== "delete" && choice !== "release") throw new ApiError("bad_request", 'addresses must be "delete" or "release".');
    if (user.password) await checkUserPassword(env, user.username, user, stringField(body, "password"));
    for (const a of await ownedAddresses(env.DIRECTORY, user.id)) {
      try {
        const mailbox = ownedMailbox(env, a.address, { userId: user.id });
        await writeThrough(env, choice === "delete" ? await mailbox.run("destroy") : await mailbox.run("release"));
      } catch (err) {
        // Gone already, or no longer this user's: nothing to do for it.
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
      }
    }
    await deleteUser(env, user.id);
    return new Response(null, { status: 204 });
  });
}
