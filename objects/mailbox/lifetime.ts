// Lifetime: the mailbox's own facts (active or quarantined, identity, credential
// epoch, created/expires, the user who owns it), kept in its `meta` table, and the
// check every owner call passes. The identity (`mailboxId`) names this life of the
// name for as long as it lasts; the epoch only names the current generation of
// credentials, and is replaced when they are all revoked.
import { fail } from "./outcome";

interface Facts {
  mailboxId: string;
  epoch: string;
  createdAt: number;
  expiresAt: number;
}

export type MailboxFacts =
  | (Facts & { state: "active"; quarantineUntil: 0; owner: string | null; creatorKey: string | null })
  | (Facts & { state: "quarantined"; quarantineUntil: number; owner: null; creatorKey: null });

export type ActiveFacts = Extract<MailboxFacts, { state: "active" }>;

/**
 * What the router verified before calling: an address credential's epoch, a
 * signed-in user (the op runs only if that user owns this mailbox), the admin,
 * or an API key (only the key that created this mailbox, while it still belongs
 * to that key's user, or to nobody for a deployment key).
 */
/** A user's grant names the session it came from, so that session's sockets can be closed when it ends. */
export type MailboxGrant =
  | { epoch: string }
  | { userId: string; sessionId?: string }
  | { admin: true }
  | { keyId: string; userId: string | null };

function opens(s: ActiveFacts, grant: MailboxGrant): boolean {
  if ("epoch" in grant) return s.epoch === grant.epoch;
  if ("admin" in grant) return grant.admin === true;
  if ("keyId" in grant) return s.creatorKey === grant.keyId && s.owner === grant.userId;
  return s.owner === grant.userId;
}

/** An expiry that never comes (an owned address kept until deleted): the last millisecond of year 9999. */
export const NEVER = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export class Lifetime {
  private cached: MailboxFacts | null | undefined;

  constructor(private readonly sql: SqlStorage) {}

  /** The facts, or null for a name never claimed (whose database has no tables at all). */
  read(): MailboxFacts | null {
    if (this.cached !== undefined) return this.cached;
    const laid = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
    if (!laid) {
      this.cached = null;
      return null;
    }
    return this.know(this.sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta").toArray());
  }

  /** Takes the meta rows the wake-up read already has, sparing a read of its own. */
  know(rows: { key: string; value: string }[]): MailboxFacts | null {
    const m = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    this.cached = m.state
      ? ({
          state: m.state,
          mailboxId: m.mailbox_id ?? "",
          epoch: m.epoch,
          createdAt: Number(m.created_at),
          expiresAt: Number(m.expires_at),
          quarantineUntil: Number(m.quarantine_until ?? 0),
          owner: m.state === "active" && m.owner ? m.owner : null,
          creatorKey: m.state === "active" && m.creator_key ? m.creator_key : null,
        } as MailboxFacts)
      : null;
    return this.cached;
  }

  isActive(): boolean {
    return this.read()?.state === "active";
  }

  /**
   * The live mailbox, if the grant opens it. A stale address credential is 401;
   * a user or the admin asking after a mailbox that is gone gets 404, and a user
   * who does not own a live one 403.
   */
  authorize(grant: MailboxGrant): ActiveFacts {
    const s = this.read();
    if (s?.state === "active") {
      if (opens(s, grant)) return s;
      if ("keyId" in grant) fail("forbidden", "This API key did not create this address (or it has left the key's account).");
      if ("userId" in grant) fail("forbidden", "This address is not in your account.");
    }
    if (!("epoch" in grant)) fail("not_found", "No such address (it was deleted or has expired).");
    // An old epoch on a live mailbox: the owner signed out everywhere, which the message should not hide.
    if (s?.state === "active") return fail("unauthorized", "Credential is no longer valid: it was revoked (signed out everywhere).");
    return fail("unauthorized", "Credential is no longer valid: the mailbox was deleted or has expired.");
  }

  activate(
    createdAt: number,
    expiresAt: number,
    owner: string | null = null,
    creatorKey: string | null = null,
  ): { mailboxId: string; epoch: string; createdAt: number; expiresAt: number } {
    const mailboxId = crypto.randomUUID();
    const epoch = crypto.randomUUID();
    this.write({
      state: "active",
      mailbox_id: mailboxId,
      epoch,
      created_at: String(createdAt),
      expires_at: String(expiresAt),
      quarantine_until: "0",
      owner: owner ?? "",
      creator_key: creatorKey ?? "",
    });
    return { mailboxId, epoch, createdAt, expiresAt };
  }

  /** A new credential epoch: every credential of the old one stops working; the identity stays. */
  rotateEpoch(): string {
    const epoch = crypto.randomUUID();
    this.write({ epoch });
    return epoch;
  }

  setExpiry(expiresAt: number): void {
    this.write({ expires_at: String(expiresAt) });
  }

  setOwner(owner: string | null): void {
    this.write({ owner: owner ?? "" });
  }

  quarantine(until: number): void {
    const s = this.read();
    this.write({
      state: "quarantined",
      mailbox_id: "",
      epoch: "",
      created_at: String(s?.createdAt ?? 0),
      expires_at: String(s?.expiresAt ?? 0),
      quarantine_until: String(until),
      owner: "",
      creator_key: "",
    });
  }

  /** The table may have been dropped and re-created underneath: forget the cache. */
  forget(): void {
    this.cached = undefined;
  }

  private write(values: Record<string, string>): void {
    for (const [key, value] of Object.entries(values)) {
      this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
    }
    this.cached = undefined;
  }
}
