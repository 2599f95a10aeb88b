// OpenAPI: user accounts: sign up and in, the account, its sessions and its addresses.
import { ref } from "../schema";
import { addressParam, bearer, body, error, json, noContent, type Paths, publicAccess, siteError, userErrors } from "./common";

const sessionIdParam = { name: "id", in: "path", required: true, description: "A session's id.", schema: { type: "string" } };
const accountsOff = { "404": error("User accounts are off (USER_REGISTRATION=off), or no such thing.") };

export const userPaths: Paths = {
  "/api/v1/users": {
    post: {
      operationId: "signUp",
      summary: "Create an account with a password (USER_REGISTRATION=open) and sign in.",
      security: publicAccess,
      requestBody: body("RegisterRequest"),
      responses: {
        "201": json(ref("UserSession"), "The account and a session."),
        "400": error("Bad username or password."),
        ...siteError,
        "403": error("Sign-up is closed (registration_closed), or the Turnstile check failed."),
        ...accountsOff,
        "409": error("The username is taken."),
        "429": error("Too many sign-ups from this client."),
      },
    },
  },
  "/api/v1/users/session": {
    post: {
      operationId: "signIn",
      summary: "Sign in with username and password. Repeated wrong passwords are slowed, then refused.",
      security: publicAccess,
      requestBody: body("SignInRequest"),
      responses: {
        "201": json(ref("UserSession"), "A session."),
        "400": error("Missing username or password."),
        "401": error("Wrong username or password (indistinguishable), a disabled account, or a private site's password missing."),
        ...accountsOff,
        "429": error("Too many wrong passwords for this account."),
      },
    },
    delete: {
      operationId: "signOut",
      summary: "End this session.",
      security: bearer,
      responses: { "204": noContent("Signed out."), ...userErrors, ...accountsOff },
    },
  },
  "/api/v1/users/me": {
    get: {
      operationId: "getAccount",
      summary: "The signed-in account.",
      security: bearer,
      responses: { "200": json(ref("UserInfo"), "The account."), ...userErrors, ...accountsOff },
    },
    delete: {
      operationId: "deleteAccount",
      summary: "Delete the account; its addresses are deleted with it or released, as asked. Needs the password if the account has one.",
      security: bearer,
      requestBody: body("DeleteAccountRequest"),
      responses: {
        "204": noContent("Deleted."),
        "400": error("Bad request."),
        ...userErrors,
        ...accountsOff,
        "429": error("Too many wrong passwords."),
      },
    },
  },
  "/api/v1/users/me/password": {
    put: {
      operationId: "changeAccountPassword",
      summary: "Set a new password (the current one is needed if there is one); every other session ends.",
      security: bearer,
      requestBody: body("ChangePasswordRequest"),
      responses: {
        "204": noContent("Changed."),
        "400": error("Bad password."),
        ...userErrors,
        ...accountsOff,
        "429": error("Too many wrong passwords."),
      },
    },
  },
  "/api/v1/users/me/sessions": {
    get: {
      operationId: "listSessions",
      summary: "The account's live sessions, newest first.",
      security: bearer,
      responses: { "200": json(ref("SessionList"), "Sessions."), ...userErrors, ...accountsOff },
    },
  },
  "/api/v1/users/me/sessions/{id}": {
    delete: {
      operationId: "revokeSession",
      summary: "End one of the account's sessions.",
      security: bearer,
      parameters: [sessionIdParam],
      responses: { "204": noContent("Ended."), ...userErrors, ...accountsOff },
    },
  },
  "/api/v1/users/me/addresses": {
    get: {
      operationId: "listOwnedAddresses",
      summary: "The account's live addresses, newest first, and how many it may hold.",
      security: bearer,
      responses: { "200": json(ref("OwnedAddressList"), "Addresses."), ...userErrors, ...accountsOff },
    },
    post: {
      operationId: "createOwnedAddress",
      summary: "Create an address the account owns (kept USER_ADDRESS_TTL_SECONDS, 0 = until deleted).",
      security: bearer,
      requestBody: { required: false, content: { "application/json": { schema: ref("CreateOwnedAddressRequest") } } },
      responses: {
        "201": json(ref("CreateAddressResponse"), "The address and a credential for it."),
        "400": error("Invalid name or domain."),
        "401": userErrors["401"],
        "403": error("Not a user's session, a blocked name, or the account holds USER_ADDRESS_LIMIT addresses."),
        ...accountsOff,
        "409": error("The address is taken or quarantined."),
        "429": error("Too many new addresses from this client."),
      },
    },
  },
  "/api/v1/users/me/addresses/bind": {
    post: {
      operationId: "bindAddress",
      summary: "Adopt an address into the account by its own credential.",
      security: bearer,
      requestBody: body("BindAddressRequest"),
      responses: {
        "200": json(ref("OwnedAddress"), "The address, now the account's."),
        "400": error("No token."),
        "401": error("No session, or the address's credential is invalid or its mailbox gone."),
        "403": error("Not a user's session, or the account holds USER_ADDRESS_LIMIT addresses."),
        ...accountsOff,
        "409": error("The address belongs to another account."),
      },
    },
  },
  "/api/v1/users/me/addresses/{address}": {
    delete: {
      operationId: "releaseAddress",
      summary: "Release an address from the account: it lives on as any other, at most ADDRESS_TTL_SECONDS more.",
      security: bearer,
      parameters: [addressParam],
      responses: { "204": noContent("Released."), ...userErrors, "403": error("Not this account's address."), ...accountsOff },
    },
  },
  "/api/v1/users/me/addresses/{address}/token": {
    post: {
      operationId: "ownedAddressToken",
      summary: "A credential for one of the account's addresses (the web inbox opens it with this).",
      security: bearer,
      parameters: [addressParam],
      responses: {
        "201": json(ref("CreateAddressResponse"), "The credential."),
        ...userErrors,
        "403": error("Not this account's address."),
        ...accountsOff,
      },
    },
  },
};
