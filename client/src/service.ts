// The SDK as the web inbox uses it: the same origin, one client per saved address.

import type { CreateAddressRequest, CreateAddressResponse } from "../../src/contract/wire";
import { Pigeonhole } from "../sdk/index.ts";
import type { SavedAddress } from "./saved";

export { PigeonholeError } from "../sdk/index.ts";

/** For calls that need no credential (config, creating an address). */
export const service = new Pigeonhole({ baseUrl: location.origin });

const clients = new Map<string, Pigeonhole>();

/** The client acting for one saved address (kept while its credential stays the same). */
export function clientFor(saved: SavedAddress): Pigeonhole {
  const key = `${saved.address} ${saved.token}`;
  let client = clients.get(key);
  if (!client) {
    client = new Pigeonhole({ baseUrl: location.origin, token: saved.token, address: saved.address });
    clients.set(key, client);
  }
  return client;
}

/** Claims a new address; the credential comes back to be saved, no client keeps it. */
export function claimAddress(request: CreateAddressRequest): Promise<CreateAddressResponse> {
  return new Pigeonhole({ baseUrl: location.origin }).createAddress(request);
}
