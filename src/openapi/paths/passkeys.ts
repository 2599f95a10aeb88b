// OpenAPI: passkeys: sign up and sign in with one, and the account's own passkeys. Each ceremony is options, then the answer.
import { ref } from "../schema";
import { bearer, body, error, json, noContent, type Paths, publicAccess, siteError, userErrors } from "./common";

const passkeyIdParam = {
  name: "id",
  in: "path",
  required: true,
  description: "The credential id (base64url).",
  schema: { type: "string" },
};
const challengeErrors = { "400": error("Unknown, used or expired challenge, or a response that does not verify.") };
const accountsOff = { "404": error("User accounts are off (USER_REGISTRATION=off), or no such passkey.") };

export const passkeyPaths: Paths = {
  "/api/v1/users/passkey/options": {
    post: {
      operationId: "passkeySignUpOptions",
      summary: "Start signing up with a passkey: options for navigator.credentials.create().",
      security: publicAccess,
      requestBody: body("PasskeySignUpOptionsRequest"),
      responses: {
        "200": json(ref("PasskeyChallenge"), "The challenge."),
        "400": error("Bad username."),
        ...siteError,
        "403": error("Sign-up is closed."),
        ...accountsOff,
        "409": error("The username is taken."),
      },
    },
  },
  "/api/v1/users/passkey": {
    post: {
      operationId: "passkeySignUp",
      summary: "Finish signing up with a passkey: the account, its passkey, and a session.",
      security: publicAccess,
      requestBody: body("PasskeyAnswer"),
      responses: {
        "201": json(ref("UserSession"), "The account and a session."),
        ...challengeErrors,
        ...siteError,
        "403": error("Sign-up is closed, or the Turnstile check failed."),
        ...accountsOff,
        "409": error("The username was taken meanwhile."),
        "429": error("Too many sign-ups from this client."),
      },
    },
  },
  "/api/v1/users/session/passkey/options": {
    post: {
      operationId: "passkeySignInOptions",
      summary: "Start signing in with a passkey: options for navigator.credentials.get() (the browser offers its passkeys for this site).",
      security: publicAccess,
      responses: { "200": json(ref("PasskeyChallenge"), "The challenge."), ...siteError, ...accountsOff },
    },
  },
  "/api/v1/users/session/passkey": {
    post: {
      operationId: "passkeySignIn",
      summary: "Finish signing in with a passkey.",
      security: publicAccess,
      requestBody: body("PasskeyAnswer"),
      responses: {
        "201": json(ref("UserSession"), "A session."),
        ...challengeErrors,
        "401": error("The passkey opens no account here (or a disabled one), or a private site's password is missing."),
        ...accountsOff,
      },
    },
  },
  "/api/v1/users/me/passkeys": {
    get: {
      operationId: "listPasskeys",
      summary: "The account's passkeys.",
      security: bearer,
      responses: { "200": json(ref("PasskeyList"), "Passkeys."), ...userErrors, ...accountsOff },
    },
    post: {
      operationId: "addPasskey",
      summary: "Finish adding a passkey to the account.",
      security: bearer,
      requestBody: body("PasskeyAnswer"),
      responses: {
        "201": json(ref("PasskeyList"), "The account's passkeys, the new one with them."),
        ...challengeErrors,
        ...userErrors,
        ...accountsOff,
        "409": error("This passkey is registered already."),
      },
    },
  },
  "/api/v1/users/me/passkeys/options": {
    post: {
      operationId: "addPasskeyOptions",
      summary: "Start adding a passkey to the account.",
      security: bearer,
      responses: { "200": json(ref("PasskeyChallenge"), "The challenge."), ...userErrors, ...accountsOff },
    },
  },
  "/api/v1/users/me/passkeys/{id}": {
    delete: {
      operationId: "deletePasskey",
      summary: "Remove a passkey (not the last way into an account without a password).",
      security: bearer,
      parameters: [passkeyIdParam],
      responses: { "204": noContent("Removed."), ...userErrors, ...accountsOff, "409": error("It is the account's only way to sign in.") },
    },
  },
};
