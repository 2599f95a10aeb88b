// Building blocks for describing v1 operations: JSON bodies, errors, auth.
import type { JsonSchema } from "../schema";
import { ref } from "../schema";

export type Operation = Record<string, unknown>;
export type PathItem = Partial<Record<"get" | "post" | "put" | "patch" | "delete", Operation>>;
export type Paths = Record<string, PathItem>;

export const json = (schema: JsonSchema, description: string) => ({ description, content: { "application/json": { schema } } });
export const body = (name: string) => ({ required: true, content: { "application/json": { schema: ref(name) } } });
export const error = (description: string) => json(ref("ErrorBody"), description);
export const noContent = (description: string) => ({ description });

/** What every owner route can answer besides success. */
export const ownerErrors = {
  "401": error("No credential, an invalid one, or one whose mailbox is gone."),
  "403": error("A credential for another address."),
  "404": error("No such mailbox or message."),
};

/** What every route that needs a user's session can answer besides success. */
export const userErrors = {
  "401": error("No session, or one that has ended (signed out, revoked, or the account disabled)."),
  "403": error("A credential that is not a user's session."),
};

/** What every admin route can answer besides success. */
export const adminErrors = {
  "401": error("No admin session, or one that has ended."),
  "403": error("A user's or an address's credential."),
  "404": error("The admin console is off (no ADMIN_PASSWORD), or no such thing."),
};

/** For routes anyone may call: a private site still asks for its password. */
export const siteError = { "401": error("A private site's password or token is missing or wrong (site_password_required).") };

export const bearer = [{ bearer: [] }];
/** A route anyone may call: said outright, so "no security" is never an omission. */
export const publicAccess: Record<string, string[]>[] = [];

export const addressParam = {
  name: "address",
  in: "path",
  required: true,
  description: "The normalised address, e.g. `alice@pigeonhole.test`.",
  schema: { type: "string" },
};
export const idParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };

export function query(name: string, description: string, schema: JsonSchema = { type: "integer", minimum: 0 }) {
  return { name, in: "query", required: false, description, schema };
}
