// Addresses: `local@domain`, lower-case; `name+tag` delivers to `name`.
import type { Config } from "./contract/config";
import { ApiError } from "./http/errors";

const LOCAL = /^[a-z0-9._-]+$/;

export interface Recipient {
  /** normalised mailbox address, the Mailbox object's name */
  address: string;
  /** the `+tag` of the recipient, if any */
  tag: string | null;
}

/** Normalises an envelope recipient; null when it is not one of ours. */
export function normaliseRecipient(raw: string, config: Config): Recipient | null {
  const at = raw.trim().lastIndexOf("@");
  if (at <= 0) return null;
  const domain = raw
    .trim()
    .slice(at + 1)
    .toLowerCase();
  let local = raw.trim().slice(0, at).toLowerCase();
  if (!config.domains.includes(domain)) return null;
  let tag: string | null = null;
  const plus = local.indexOf("+");
  if (plus >= 0) {
    tag = local.slice(plus + 1) || null;
    local = local.slice(0, plus);
  }
  if (!LOCAL.test(local) || local.length > 64) return null;
  return { address: `${local}@${domain}`, tag };
}

/** Validates a chosen name and domain (API input). */
export function chooseAddress(name: unknown, domain: unknown, config: Config): string {
  if (typeof name !== "string") throw new ApiError("invalid_name", "name must be a string.");
  const local = name.trim().toLowerCase();
  if (local.length < config.nameMinLength || local.length > config.nameMaxLength) {
    throw new ApiError("invalid_name", `name must be ${config.nameMinLength} to ${config.nameMaxLength} characters long.`);
  }
  if (!LOCAL.test(local)) {
    throw new ApiError("invalid_name", "name may contain only a-z, 0-9, '.', '_' and '-'.");
  }
  if (/^[.]|[.]$|\.\./.test(local)) {
    throw new ApiError("invalid_name", "name may not start or end with '.' or contain '..'.");
  }
  return `${local}@${pickDomain(domain, config)}`;
}

export function pickDomain(domain: unknown, config: Config): string {
  if (domain === undefined || domain === null) return config.domains[0];
  if (typeof domain !== "string" || !config.domains.includes(domain.trim().toLowerCase())) {
    throw new ApiError("invalid_domain", `domain must be one of: ${config.domains.join(", ")}.`);
  }
  return domain.trim().toLowerCase();
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random local part: 10 characters, ~51 bits, starts with a letter. */
export function randomName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let out = ALPHABET[bytes[0] % 26];
  for (let i = 1; i < bytes.length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** Parses `{address}` from a URL path segment into a normalised address, or throws 404. */
export function addressParam(value: string | undefined, config: Config): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value ?? "");
  } catch {
    throw new ApiError("not_found", "No such mailbox.");
  }
  const r = normaliseRecipient(decoded, config);
  if (!r || r.tag !== null || decoded.trim().toLowerCase() !== r.address) throw new ApiError("not_found", "No such mailbox.");
  return r.address;
}
