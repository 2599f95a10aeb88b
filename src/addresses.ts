// Creating an address, the one place that does it (v1, mail.tm, Telegram): limit, name, claim, password, credential.
import type { StoredPassword } from "../objects/mailbox/accounts";
import { chooseAddress, pickDomain, randomName } from "./address";
import { issueToken } from "./auth";
import { type Config, readConfig } from "./contract/config";
import type { Env } from "./env";
import { ApiError, unwrap } from "./http/errors";
import { hashPassword } from "./passwords";

export interface AddressRequest {
  /** chosen local part; random when absent */
  name?: unknown;
  domain?: unknown;
  /** a new password, checked and hashed here (after the limit: hashing is the costly part) */
  password?: unknown;
  /** who asks, for the creation limit (client IP, or a chat) */
  client: string;
}

export interface CreatedAddress {
  address: string;
  /** the mailbox's credential epoch, which a token carries */
  epoch: string;
  /** the mailbox's identity (mail.tm's account id derives from it) */
  mailboxId: string;
  token: string;
  expiresAt: number;
}

export async function createAddress(env: Env, req: AddressRequest): Promise<CreatedAddress> {
  const config = readConfig(env);
  await limitCreation(env, config, req.client);
  const chosen = req.name !== undefined && req.name !== null ? chooseAddress(req.name, req.domain, config) : null;
  const domain = pickDomain(req.domain, config);
  const password = req.password === undefined ? undefined : await hashPassword(env, req.password);
  if (chosen) return claim(env, chosen, password);
  // A random name is ~51 bits; a collision is a taken name, so try another.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await claim(env, `${randomName()}@${domain}`, password);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "address_taken") throw err;
    }
  }
  throw new ApiError("unavailable", "Could not find a free random name; try again.");
}

async function claim(env: Env, address: string, password?: StoredPassword): Promise<CreatedAddress> {
  const created = unwrap(await env.MAILBOX.getByName(address).create(password));
  const cred = { address, epoch: created.epoch, mailboxId: created.mailboxId };
  const token = await issueToken(env, cred, created.expiresAt);
  return { ...cred, token, expiresAt: created.expiresAt };
}

/** Per-client cap on new addresses; 429 with Retry-After past it. */
async function limitCreation(env: Env, config: Config, client: string): Promise<void> {
  if (config.addressCreateLimit === 0) return;
  const decision = await env.RATE_LIMITER.getByName(`create:${client}`).hit(config.addressCreateLimit, config.addressCreateWindowSeconds);
  if (!decision.ok) {
    throw new ApiError(
      "rate_limited",
      `At most ${config.addressCreateLimit} new addresses per ${config.addressCreateWindowSeconds} s; try again later.`,
      {
        "Retry-After": String(decision.retryAfter),
      },
    );
  }
}
