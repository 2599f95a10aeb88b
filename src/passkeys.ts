// Passkeys (WebAuthn) with @simplewebauthn/server: the options handed to the
// browser and the checks of what it answers, for signing up, signing in and
// adding a passkey. The relying party is the host the request came to, so the
// browser's own origin check binds a passkey to this deployment's hostname.

import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { PasskeyAnswer, PasskeyChallenge } from "./contract/accounts";
import {
  type Challenge,
  passkeyById,
  passkeyStatement,
  passkeyUsed,
  saveChallenge,
  takeChallenge,
  userPasskeys,
} from "./directory/passkeys";
import { createUser, type UserRecord, userById, userByName } from "./directory/users";
import type { Env } from "./env";
import { ApiError } from "./http/errors";

const CHALLENGE_SECONDS = 300;
const RP_NAME = "Pigeonhole";
const NAME_CHARS = 64;

function relyingParty(req: Request): { rpId: string; origin: string } {
  const url = new URL(req.url);
  return { rpId: url.hostname, origin: url.origin };
}

async function issue(
  env: Env,
  req: Request,
  purpose: Challenge["purpose"],
  user: { id: string | null; username: string | null },
  options: { challenge: string } & Record<string, unknown>,
): Promise<PasskeyChallenge> {
  const id = crypto.randomUUID();
  const rp = relyingParty(req);
  await saveChallenge(env, {
    id,
    purpose,
    challenge: options.challenge,
    userId: user.id,
    username: user.username,
    ...rp,
    expiresAt: Date.now() + CHALLENGE_SECONDS * 1000,
  });
  return { challengeId: id, options };
}

async function answered(env: Env, answer: PasskeyAnswer, purpose: Challenge["purpose"]): Promise<Challenge> {
  const c = typeof answer.challengeId === "string" ? await takeChallenge(env, answer.challengeId, purpose) : null;
  if (!c) throw new ApiError("bad_request", "That challenge is unknown, used or expired; start again.");
  if (typeof answer.response !== "object" || answer.response === null)
    throw new ApiError("bad_request", "response must be the browser's credential as JSON.");
  return c;
}

/** Registration options for a new account named `username` (or, with `user`, a further passkey for it). */
export async function registrationOptions(env: Env, req: Request, username: string, user: UserRecord | null): Promise<PasskeyChallenge> {
  if (!user && (await userByName(env, username))) throw new ApiError("username_taken", "That username is taken.");
  const userId = user?.id ?? crypto.randomUUID();
  const existing = user ? await userPasskeys(env, user.id) : [];
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: relyingParty(req).rpId,
    userName: username,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return issue(env, req, user ? "add" : "sign-up", { id: userId, username }, options as never);
}

/** Checks a registration; the new passkey as stored (not yet saved). */
async function registered(env: Env, answer: PasskeyAnswer, purpose: "sign-up" | "add") {
  const c = await answered(env, answer, purpose);
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: answer.response as unknown as RegistrationResponseJSON,
      expectedChallenge: c.challenge,
      expectedOrigin: c.origin,
      expectedRPID: c.rpId,
      requireUserVerification: true,
    });
  } catch (err) {
    throw new ApiError("bad_request", `The passkey could not be registered: ${(err as Error).message}`.slice(0, 300));
  }
  if (!verified.verified) throw new ApiError("bad_request", "The passkey could not be registered.");
  const cred = verified.registrationInfo.credential;
  const name = typeof answer.name === "string" && answer.name.trim() ? answer.name.trim().slice(0, NAME_CHARS) : "Passkey";
  const stored = {
    id: cred.id,
    userId: c.userId as string,
    publicKey: cred.publicKey,
    counter: cred.counter,
    transports: cred.transports ?? [],
    name,
    createdAt: Date.now(),
  };
  return { challenge: c, stored };
}

/** Finishes signing up with a passkey: the account and its first passkey, together. */
export async function finishSignUp(env: Env, answer: PasskeyAnswer): Promise<UserRecord> {
  const { challenge, stored } = await registered(env, answer, "sign-up");
  return createUser(env, { id: stored.userId, username: challenge.username as string, password: null, createdBy: "self" }, [
    await passkeyStatement(env, stored),
  ]);
}

/** Finishes adding a passkey to `user`'s account. */
export async function finishAdd(env: Env, user: UserRecord, answer: PasskeyAnswer): Promise<void> {
  const { stored } = await registered(env, answer, "add");
  if (stored.userId !== user.id) throw new ApiError("bad_request", "That challenge was made for another account.");
  if (await passkeyById(env, stored.id)) throw new ApiError("conflict", "This passkey is registered already.");
  await (await passkeyStatement(env, stored)).run();
}

/** Sign-in options: no account named, the browser offers the passkeys it holds for this site. */
export async function signInOptions(env: Env, req: Request): Promise<PasskeyChallenge> {
  const options = await generateAuthenticationOptions({ rpID: relyingParty(req).rpId, userVerification: "required" });
  return issue(env, req, "sign-in", { id: null, username: null }, options as never);
}

/** Finishes a passkey sign-in: the account it opens, or 401. */
export async function finishSignIn(env: Env, answer: PasskeyAnswer): Promise<UserRecord> {
  const c = await answered(env, answer, "sign-in");
  const response = answer.response as unknown as AuthenticationResponseJSON;
  const key = typeof response.id === "string" ? await passkeyById(env, response.id) : null;
  const refused = new ApiError("unauthorized", "That passkey does not open an account here.");
  if (!key) throw refused;
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: c.challenge,
      expectedOrigin: c.origin,
      expectedRPID: c.rpId,
      credential: { id: key.id, publicKey: key.publicKey as Uint8Array<ArrayBuffer>, counter: key.counter, transports: key.transports },
      requireUserVerification: true,
    });
  } catch {
    throw refused;
  }
  if (!verified.verified) throw refused;
  await passkeyUsed(env, key.id, verified.authenticationInfo.newCounter);
  const user = await userById(env, key.userId);
  if (!user || user.disabledAt !== null) throw refused;
  return user;
}
