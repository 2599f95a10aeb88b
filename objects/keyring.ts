// Keyring: holds the JWT signing key of a deployment that set no JWT_SECRET.
// Generated once on first use and kept in durable storage, so a fresh clone
// works without configuration and no secret is ever committed.
import { DurableObject } from "cloudflare:workers";

export class Keyring extends DurableObject {
  async signingKey(): Promise<string> {
    const existing = await this.ctx.storage.get<string>("jwt-key");
    if (existing) return existing;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const key = btoa(String.fromCharCode(...bytes));
    await this.ctx.storage.put("jwt-key", key);
    return key;
  }
}
