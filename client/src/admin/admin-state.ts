// The admin's session on this tab (sessionStorage: it ends with the tab) and the SDK client acting with it.
import { signal } from "@preact/signals";
import { PigeonholeAdmin } from "../../sdk/admin.ts";
import { PigeonholeError } from "../../sdk/errors.ts";
import { clientOptions } from "../service";

const KEY = "pigeonhole.admin";

export const adminToken = signal<string | null>(sessionStorage.getItem(KEY));

export function admin(): PigeonholeAdmin {
  return new PigeonholeAdmin({ ...clientOptions(), token: adminToken.value ?? undefined });
}

export function setAdminToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
  adminToken.value = token;
}

/** An admin call's failure, as the console shows it; a dead session signs the console out. */
export function adminError(err: unknown): string {
  if (err instanceof PigeonholeError && err.status === 401) setAdminToken(null);
  return err instanceof Error ? err.message : String(err);
}
