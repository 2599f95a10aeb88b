// The directory's `addresses` and `mail_days` tables: the one module that
// writes and reads them. Mailboxes send their rows here through the outbox
// (and the router, after a user's own action, writes the same row at once).
import { openDirectory } from "./migrate";

export type AddressState = "active" | "deleted" | "expired";

/** One mailbox as the directory mirrors it. */
export interface AddressRow {
  address: string;
  createdAt: number;
  expiresAt: number;
  state: AddressState;
  owner: string | null;
  /** the mailbox's change counter: a row never replaces a newer one */
  version: number;
  /** when a gone address's row may be dropped (its quarantine's end) */
  purgeAfter: number | null;
}

/** Mail counted by one mailbox since its last batch, per UTC day. */
export interface MailCounts {
  address: string;
  /** increases with every batch of this mailbox: a batch sent twice is counted once */
  batch: number;
  days: { day: string; received: number; sent: number }[];
}

export type DirectoryUpdate = { type: "address"; row: AddressRow } | { type: "counts"; counts: MailCounts };

/** Rows of gone addresses dropped per update that ends an address: the table keeps itself small without a cron. */
const PURGE_BATCH = 50;

const UPSERT = `INSERT INTO addresses (address, seq, created_at, expires_at, state, owner, version, purge_after)
  VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM addresses), ?2, ?3, ?4, ?5, ?6, ?7)
  ON CONFLICT (address) DO UPDATE SET
    seq = CASE WHEN excluded.created_at != addresses.created_at THEN excluded.seq ELSE addresses.seq END,
    created_at = excluded.created_at, expires_at = excluded.expires_at, state = excluded.state,
    owner = excluded.owner, version = excluded.version, purge_after = excluded.purge_after
  WHERE excluded.version > addresses.version`;

const COUNT_DAY = `INSERT INTO mail_days (day, received, sent)
  SELECT ?1, ?2, ?3 WHERE ?5 > coalesce((SELECT counted FROM addresses WHERE address = ?4), -1)
  ON CONFLICT (day) DO UPDATE SET received = received + excluded.received, sent = sent + excluded.sent`;

/** Applies one update; safe to repeat and to receive out of order. */
export async function applyUpdate(db: D1Database, update: DirectoryUpdate, now = Date.now()): Promise<void> {
  const d = await openDirectory(db);
  if (update.type === "address") {
    const r = update.row;
    const upsert = d.prepare(UPSERT).bind(r.address, r.createdAt, r.expiresAt, r.state, r.owner, r.version, r.purgeAfter);
    if (r.state === "active") {
      await upsert.run();
      return;
    }
    const purge = d
      .prepare("DELETE FROM addresses WHERE address IN (SELECT address FROM addresses WHERE purge_after < ? LIMIT ?)")
      .bind(now, PURGE_BATCH);
    await d.batch([upsert, purge]);
    return;
  }
  const c = update.counts;
  await d.batch([
    ...c.days.map((x) => d.prepare(COUNT_DAY).bind(x.day, x.received, x.sent, c.address, c.batch)),
    d.prepare("UPDATE addresses SET counted = ?2 WHERE address = ?1 AND counted < ?2").bind(c.address, c.batch),
  ]);
}

/** One address as listings show it. */
export interface IndexedAddress {
  address: string;
  createdAt: number;
  expiresAt: number;
  state: AddressState;
  owner: string | null;
  seq: number;
}

interface Row {
  address: string;
  created_at: number;
  expires_at: number;
  state: AddressState;
  owner: string | null;
  seq: number;
}

function indexed(r: Row, now: number): IndexedAddress {
  // A mailbox that expired a moment ago may not have said so yet.
  const state = r.state === "active" && r.expires_at <= now ? "expired" : r.state;
  return { address: r.address, createdAt: r.created_at, expiresAt: r.expires_at, state, owner: r.owner, seq: r.seq };
}

/** Newest first, `limit` rows below cursor `before`, optionally those whose address contains `query`. */
export async function searchAddresses(db: D1Database, query: string, before: number, limit: number): Promise<IndexedAddress[]> {
  const d = await openDirectory(db);
  // instr, not LIKE: D1 refuses a LIKE pattern over 50 bytes, and a full address is longer.
  const { results } = await d
    .prepare(
      `SELECT address, created_at, expires_at, state, owner, seq FROM addresses
       WHERE seq < ?1 AND (?2 = '' OR instr(lower(address), lower(?2)) > 0) ORDER BY seq DESC LIMIT ?3`,
    )
    .bind(before, query, limit)
    .all<Row>();
  const now = Date.now();
  return results.map((r) => indexed(r, now));
}

/** A user's live addresses, newest first. */
export async function ownedAddresses(db: D1Database, owner: string): Promise<IndexedAddress[]> {
  const d = await openDirectory(db);
  const { results } = await d
    .prepare(
      `SELECT address, created_at, expires_at, state, owner, seq FROM addresses
       WHERE owner = ? AND state = 'active' AND expires_at > ? ORDER BY seq DESC`,
    )
    .bind(owner, Date.now())
    .all<Row>();
  return results.map((r) => indexed(r, Date.now()));
}

export async function findAddress(db: D1Database, address: string): Promise<IndexedAddress | null> {
  const d = await openDirectory(db);
  const r = await d
    .prepare("SELECT address, created_at, expires_at, state, owner, seq FROM addresses WHERE address = ?")
    .bind(address)
    .first<Row>();
  return r ? indexed(r, Date.now()) : null;
}

export interface IndexTotals {
  activeAddresses: number;
  receivedToday: number;
  receivedTotal: number;
  sentToday: number;
}

export async function indexTotals(db: D1Database, now = Date.now()): Promise<IndexTotals> {
  const d = await openDirectory(db);
  const today = new Date(now).toISOString().slice(0, 10);
  const [active, day, total] = await d.batch<Record<string, number | null>>([
    d.prepare("SELECT count(*) AS n FROM addresses WHERE state = 'active' AND expires_at > ?").bind(now),
    d.prepare("SELECT received, sent FROM mail_days WHERE day = ?").bind(today),
    d.prepare("SELECT coalesce(sum(received), 0) AS received FROM mail_days"),
  ]);
  return {
    activeAddresses: Number(active.results[0]?.n ?? 0),
    receivedToday: Number(day.results[0]?.received ?? 0),
    receivedTotal: Number(total.results[0]?.received ?? 0),
    sentToday: Number(day.results[0]?.sent ?? 0),
  };
}
