// mail.tm-style ids (24 hex characters) for our domains, accounts and messages.
// An account id is derived from the mailbox's identity (minted when the name
// is claimed), so it changes when a mailbox is destroyed and created again but
// not when its credentials are revoked; a message id carries its account.

async function hex24(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function domainId(domain: string): Promise<string> {
  return hex24(`pigeonhole-domain:${domain}`);
}

/** Hashed, not the identity itself: ids are shown around (Mercure topics), the identity need not be. */
export function accountId(mailboxId: string): Promise<string> {
  return hex24(`pigeonhole-account:${mailboxId}`);
}

const PREFIX = 12;

/** Our per-mailbox message number, prefixed with half the account id. */
export function messageHexId(account: string, id: number): string {
  return account.slice(0, PREFIX) + id.toString(16).padStart(24 - PREFIX, "0");
}

/** The message number of a mail.tm message id of this account; null for anything else. */
export function parseMessageHexId(account: string, value: string | undefined): number | null {
  if (!value || !/^[0-9a-f]{24}$/.test(value) || value.slice(0, PREFIX) !== account.slice(0, PREFIX)) return null;
  const n = parseInt(value.slice(PREFIX), 16);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}
