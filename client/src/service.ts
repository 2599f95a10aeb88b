// The SDK as the web client uses it: the same origin, one client per saved
// address, and a private site's token sent with every request (a refusal
// for want of it locks the page until the password is given again).
import { signal } from "@preact/signals";
import type { CreateAddressRequest, CreateAddressResponse } from "../../src/contract/wire";
import { Pigeonhole } from "../sdk/index.ts";
import type { SavedAddress } from "./saved";

export { PigeonholeError } from "../sdk/index.ts";

const SITE_KEY = "pigeonhole.site";

/** A private site's token (POST /api/v1/site/session), kept in this browser. */
export const siteToken = signal<string | null>(localStorage.getItem(SITE_KEY));
/** The server asked for the site password (again): the page shows the gate. */
export const siteLocked = signal(false);

export function setSiteToken(token: string | null): void {
  if (token) localStorage.setItem(SITE_KEY, token);
  else localStorage.removeItem(SITE_KEY);
  siteToken.value = token;
  siteLocked.value = false;
}

/** fetch that notices a private site refusing us for want of its password. */
export const siteFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.status === 401) {
    const body = (await res
      .clone()
      .json()
      .catch(() => null)) as { error?: { code?: string } } | null;
    if (body?.error?.code === "site_password_required") {
      localStorage.removeItem(SITE_KEY);
      siteToken.value = null;
      siteLocked.value = true;
    }
  }
  return res;
};

/** Options every client of this page shares (account and admin clients too). */
export function clientOptions(): { baseUrl: string; fetch: typeof fetch; siteToken?: string } {
  return { baseUrl: location.origin, fetch: siteFetch, siteToken: siteToken.value ?? undefined };
}

/** For calls that need no credential (config, creating an address). */
export function service(): Pigeonhole {
  return new Pigeonhole(clientOptions());
}

const clients = new Map<string, Pigeonhole>();

/** The client acting for one saved address (kept while its credential and the site token stay the same). */
export function clientFor(saved: SavedAddress): Pigeonhole {
  const key = `${saved.address} ${saved.token} ${siteToken.value}`;
  let client = clients.get(key);
  if (!client) {
    client = new Pigeonhole({ ...clientOptions(), token: saved.token, address: saved.address });
    clients.set(key, client);
  }
  return client;
}

/** Claims a new address; the credential comes back to be saved, no client keeps it. */
export function claimAddress(request: CreateAddressRequest): Promise<CreateAddressResponse> {
  return service().createAddress(request);
}
