// Creating an address, the one place that does it (v1, mail.tm, Telegram, users): limit, name, blocklist, claim, password, credential.
import { type AddressRow, applyUpdate, ownedAddresses } from "../objects/directory/address-index";
import type { StoredPassword } from "../objects/mailbox/accounts";
import { chooseAddress, pickDomain, randomName } from "./address";
import { spendCreation } from "./api-keys/quota";
import { issueToken } from "./auth";
import { currentBlocklist } from "./blocklist";
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
  /** the user who will own it, if any */
  owner?: string;
  /** the API key creating it: its own creation quota applies instead of the client's, and it may open the address */
  creatorKey?: string;
}

export interface CreatedAddress {
  address: string;
  /** the mailbox's credential epoch, which a token carries */
  epoch: string;
  /** the mailbox's identity (mail.tm's account id derives from it) */
  mailboxId: string;
  token: string;
  expiresAt: number;
  createdAt: number;
}

export async function createAddress(env: Env, req: AddressRequest): Promise<CreatedAddress> {
  const config = readConfig(env);
  if (req.creatorKey) await spendCreation(env, req.creatorKey);
  else await limitCreation(env, config, req.client);
  const chosen = req.name !== undefined && req.name !== null ? chooseAddress(req.name, req.domain, config) : null;
  const domain = pickDomain(req.domain, config);
  const blocked = (await currentBlocklist(env)).names;
  if (chosen && blocked.matches(chosen.slice(0, chosen.lastIndexOf("@")))) {
    throw new ApiError("name_blocked", "This name is reserved and cannot be claimed.");
  }
  const password = req.password === undefined ? undefined : await hashPassword(env, req.password);
  const claimant = { owner: req.owner ?? null, creatorKey: req.creatorKey ?? null };
  if (chosen) return claim(env, chosen, password, claimant);
  // A random name is ~51 bits; a collision (or, rarely, a blocked name) means: try another.
  for (let attempt = 0; attempt < 5; attempt++) {
    const name = randomName();
    if (blocked.matches(name)) continue;
    try {
      return await claim(env, `${name}@${domain}`, password, claimant);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "address_taken") throw err;
    }
  }
  throw new ApiError("unavailable", "Could not find a free random name; try again.");
}

async function claim(
  env: Env,
  address: string,
  password: StoredPassword | undefined,
  { owner, creatorKey }: { owner: string | null; creatorKey: string | null },
): Promise<CreatedAddress> {
  const created = unwrap(await env.MAILBOX.getByName(address).create(password, owner, creatorKey));
  // A user sees their new address in their list at once; the mailbox's outbox would bring it a moment later.
  if (owner) await writeThrough(env, created.row);
  const cred = { address, epoch: created.epoch, mailboxId: created.mailboxId };
  const token = await issueToken(env, cred, created.expiresAt);
  return { ...cred, token, expiresAt: created.expiresAt, createdAt: created.createdAt };
}

/**
 * Writes a row a mailbox just queued for the directory, after a user's or the
 * admin's own action, so their next read sees it. A failure here loses nothing:
 * the mailbox's outbox carries the same row (the directory keeps the newer one).
 */
export async function writeThrough(env: Env, row: AddressRow | null): Promise<void> {
  if (!row) return;
  try {
    await applyUpdate(env.DIRECTORY, { type: "address", row });
  } catch (err) {
    console.error("directory write-through failed; the mailbox's outbox will bring it", err instanceof Error ? err.message : err);
  }
}

/** 403 once a user holds USER_ADDRESS_LIMIT addresses (made in the web inbox or by their API keys alike). */
export async function roomForOwner(env: Env, userId: string): Promise<void> {
  const limit = readConfig(env).accounts.userAddressLimit;
  if ((await ownedAddresses(env.DIRECTORY, userId)).length >= limit) {
    throw new ApiError("limit_reached", `An account holds at most ${limit} addresses; release or delete one first.`);
  }
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
