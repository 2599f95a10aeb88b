// Who is signed in on this page: the user's session token, kept in this browser, and the SDK client acting with it.
import { signal } from "@preact/signals";
import type { UserInfo } from "../../../src/contract/accounts";
import { PigeonholeAccount } from "../../sdk/accounts.ts";
import { PigeonholeError } from "../../sdk/errors.ts";
import { clientOptions } from "../service";

const KEY = "pigeonhole.user";

export const sessionToken = signal<string | null>(localStorage.getItem(KEY));
export const me = signal<UserInfo | null>(null);

export function account(): PigeonholeAccount {
  return new PigeonholeAccount({ ...clientOptions(), token: sessionToken.value ?? undefined });
}

export function signedIn(token: string, user: UserInfo): void {
  localStorage.setItem(KEY, token);
  sessionToken.value = token;
  me.value = user;
}

export function signedOut(): void {
  localStorage.removeItem(KEY);
  sessionToken.value = null;
  me.value = null;
}

/** Reads the account behind a stored session; a session that has ended is forgotten. */
export async function loadMe(): Promise<void> {
  if (!sessionToken.value) return;
  try {
    me.value = await account().me();
  } catch (err) {
    if (err instanceof PigeonholeError && err.status === 401) signedOut();
    else throw err;
  }
}

/** A short message for an error, in the words of whoever raised it. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
