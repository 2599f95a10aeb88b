// Passkey routes: sign up and sign in with one, and the signed-in user's own passkeys (list, add, remove).
import type { PasskeyAnswer, PasskeyList } from "../contract/accounts";
import { deletePasskey, passkeyInfo, userPasskeys } from "../directory/passkeys";
import { userById, usernameFrom } from "../directory/users";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { onlyFields, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import { finishAdd, finishSignIn, finishSignUp, registrationOptions, signInOptions } from "../passkeys";
import { requireUser } from "../principal";
import { userSession } from "../sign-in";
import { requireTurnstile } from "../turnstile";
import { limitSignUps, requireOpenRegistration } from "./users";

/** WebAuthn responses carry a public key and attestation: larger than most bodies. */
const ANSWER_BYTES = 64 * 1024;

async function readAnswer(req: Request, extra: string[]): Promise<PasskeyAnswer> {
  const body = await readJsonObject(req, ANSWER_BYTES);
  onlyFields(body, ["challengeId", "response", ...extra]);
  return body as unknown as PasskeyAnswer;
}

async function signedIn(req: Request, env: Env) {
  const p = await requireUser(req, env);
  const user = await userById(env, p.userId);
  if (!user) throw new ApiError("unauthorized", "This account no longer exists.");
  return user;
}

async function list(env: Env, userId: string): Promise<PasskeyList> {
  return { passkeys: (await userPasskeys(env, userId)).map(passkeyInfo) };
}

export function passkeyRoutes(router: Router): void {
  router.post("/api/v1/users/passkey/options", async (req, env) => {
    requireOpenRegistration(env);
    const body = await readJsonObject(req);
    onlyFields(body, ["username"]);
    return Response.json(await registrationOptions(env, req, usernameFrom(body.username), null));
  });

  router.post("/api/v1/users/passkey", async (req, env) => {
    requireOpenRegistration(env);
    const answer = await readAnswer(req, ["turnstileToken"]);
    await limitSignUps(env, req);
    await requireTurnstile(env, req, answer.turnstileToken);
    const user = await finishSignUp(env, answer);
    return Response.json(await userSession(env, req, user, "passkey"), { status: 201 });
  });

  router.post("/api/v1/users/session/passkey/options", async (req, env) => Response.json(await signInOptions(env, req)));

  router.post("/api/v1/users/session/passkey", async (req, env) => {
    const user = await finishSignIn(env, await readAnswer(req, []));
    return Response.json(await userSession(env, req, user, "passkey"), { status: 201 });
  });

  router.get("/api/v1/users/me/passkeys", async (req, env) => Response.json(await list(env, (await signedIn(req, env)).id)));

  router.post("/api/v1/users/me/passkeys/options", async (req, env) => {
    const user = await signedIn(req, env);
    return Response.json(await registrationOptions(env, req, user.username, user));
  });

  router.post("/api/v1/users/me/passkeys", async (req, env) => {
    const user = await signedIn(req, env);
    await finishAdd(env, user, await readAnswer(req, ["name"]));
    return Response.json(await list(env, user.id), { status: 201 });
  });

  router.delete("/api/v1/users/me/passkeys/:id", async (req, env) => {
    const user = await signedIn(req, env);
    // The last way into an account without a password stays.
    if (!user.password && user.passkeys <= 1) {
      throw new ApiError("conflict", "This is the account's only way to sign in: set a password or add another passkey first.");
    }
    if (!(await deletePasskey(env, user.id, req.params.id))) throw new ApiError("not_found", "No such passkey in your account.");
    return new Response(null, { status: 204 });
  });
}
