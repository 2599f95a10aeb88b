// OpenAPI: the admin API (ADMIN_PASSWORD set): its session, addresses, blocklist, statistics, users and audit log.
import { ref } from "../schema";
import { addressParam, adminErrors, bearer, body, error, json, noContent, type Paths, publicAccess, query } from "./common";

const userIdParam = { name: "id", in: "path", required: true, description: "A user's id.", schema: { type: "string" } };
const paging = [
  query("before", "Cursor: the previous page's nextBefore."),
  query("limit", "Rows per page, 1 to 200 (default 50).", { type: "integer", minimum: 1, maximum: 200 }),
];
const search = (what: string) => query("query", `Only those whose ${what} contains this.`, { type: "string" });

function userSwitch(action: "disable" | "enable") {
  return {
    post: {
      operationId: `${action}User`,
      summary: action === "disable" ? "Disable a user: their sessions stop working at once." : "Enable a disabled user.",
      security: bearer,
      parameters: [userIdParam],
      responses: { "200": json(ref("UserInfo"), "The user."), ...adminErrors },
    },
  };
}

export const adminPaths: Paths = {
  "/api/v1/admin/session": {
    post: {
      operationId: "adminSignIn",
      summary: "Sign in as the admin (throttled like any login).",
      security: publicAccess,
      requestBody: body("AdminSignInRequest"),
      responses: {
        "201": json(ref("AdminSession"), "The admin's session."),
        "400": error("No password."),
        "401": error("Wrong password, or a private site's password missing."),
        "404": error("The admin console is off."),
        "429": error("Too many wrong passwords."),
      },
    },
    delete: {
      operationId: "adminSignOut",
      summary: "End the admin's session.",
      security: bearer,
      responses: { "204": noContent("Signed out."), ...adminErrors },
    },
  },
  "/api/v1/admin/addresses": {
    get: {
      operationId: "adminListAddresses",
      summary: "Every address the directory knows, newest first, paged; search by substring.",
      security: bearer,
      parameters: [search("address"), ...paging],
      responses: { "200": json(ref("DirectoryAddressList"), "A page."), "400": error("Bad parameter."), ...adminErrors },
    },
  },
  "/api/v1/admin/addresses/{address}": {
    delete: {
      operationId: "adminDeleteAddress",
      summary: "Delete an address: its mail goes, its credentials stop working and its sockets close at once.",
      security: bearer,
      parameters: [addressParam],
      responses: { "204": noContent("Deleted."), ...adminErrors },
    },
  },
  "/api/v1/admin/addresses/{address}/token": {
    post: {
      operationId: "adminAddressToken",
      summary: "A credential to open the address (recorded in the audit log).",
      security: bearer,
      parameters: [addressParam],
      responses: { "201": json(ref("CreateAddressResponse"), "The credential."), ...adminErrors },
    },
  },
  "/api/v1/admin/addresses/{address}/send-quota": {
    put: {
      operationId: "adminSetSendQuota",
      summary: "Grant the address a daily send quota.",
      security: bearer,
      parameters: [addressParam],
      requestBody: body("SendQuota"),
      responses: { "200": json(ref("SendQuota"), "The grant."), "400": error("Not null or an integer from 0 to 1000000."), ...adminErrors },
    },
  },
  "/api/v1/admin/blocklist": {
    get: {
      operationId: "adminGetBlocklist",
      summary: "Blocked senders and names.",
      security: bearer,
      responses: { "200": json(ref("Blocklist"), "The lists."), ...adminErrors },
    },
    put: {
      operationId: "adminSetBlocklist",
      summary: "Replace both lists. Every isolate takes the change within BLOCKLIST_REFRESH_SECONDS.",
      security: bearer,
      requestBody: body("Blocklist"),
      responses: {
        "200": json(ref("Blocklist"), "The lists as stored (lower-case, sorted, unique)."),
        "400": error("A bad pattern."),
        ...adminErrors,
      },
    },
  },
  "/api/v1/admin/stats": {
    get: {
      operationId: "adminStats",
      summary: "Active addresses, users, mail received today and in total, sent today (counts arrive within STATS_FLUSH_SECONDS).",
      security: bearer,
      responses: { "200": json(ref("AdminStats"), "The figures."), ...adminErrors },
    },
  },
  "/api/v1/admin/users": {
    get: {
      operationId: "adminListUsers",
      summary: "Users, newest first, paged; search by substring of the username.",
      security: bearer,
      parameters: [search("username"), ...paging],
      responses: { "200": json(ref("UserList"), "A page."), "400": error("Bad parameter."), ...adminErrors },
    },
    post: {
      operationId: "adminCreateUser",
      summary: "Create a user (how accounts come to be while USER_REGISTRATION=closed).",
      security: bearer,
      requestBody: body("CreateUserRequest"),
      responses: {
        "201": json(ref("UserInfo"), "The user."),
        "400": error("Bad username or password."),
        ...adminErrors,
        "409": error("The username is taken."),
      },
    },
  },
  "/api/v1/admin/users/{id}/disable": userSwitch("disable"),
  "/api/v1/admin/users/{id}/enable": userSwitch("enable"),
  "/api/v1/admin/audit": {
    get: {
      operationId: "adminAudit",
      summary: "The audit log of admin actions, newest first, paged.",
      security: bearer,
      parameters: paging,
      responses: { "200": json(ref("AuditList"), "A page."), "400": error("Bad parameter."), ...adminErrors },
    },
  },
};
