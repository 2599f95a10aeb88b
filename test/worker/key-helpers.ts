// Test helpers for API keys: make one with a session, create an address with one.
import type { CreatedApiKey, KeyCreatedAddress } from "../../src/contract/agents";
import { send } from "./directory-helpers";
import { api } from "./helpers";

export async function makeKey(session: string, body: Record<string, unknown> = { name: "ci" }): Promise<CreatedApiKey> {
  const res = await api("/api/v1/keys", send(body, { token: session }));
  if (res.status !== 201) throw new Error(`key failed: ${res.status} ${await res.text()}`);
  return res.json<CreatedApiKey>();
}

export async function keyAddress(key: string, body: Record<string, unknown> = {}): Promise<KeyCreatedAddress> {
  const res = await api("/api/v1/addresses", send(body, { token: key }));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json<KeyCreatedAddress>();
}
