-- The directory: D1's index across mailboxes. Each Mailbox stays the truth
-- for its own mail and state; these rows mirror it (through its outbox) or
-- belong to users and admins. Nothing here is read per inbound mail.
-- Applied by the Worker itself on first use, or `wrangler d1 migrations apply`.
-- One statement per `;` at a line's end (the Worker splits on that).

-- People with an account; an account may have a password, passkeys, or both.
CREATE TABLE users (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,  -- the listing cursor
  id           TEXT NOT NULL UNIQUE,               -- random, what tokens carry
  username     TEXT NOT NULL UNIQUE,               -- lower-case
  pw_algorithm TEXT,                               -- 'pbkdf2-sha256' | null (passkeys only)
  pw_iterations INTEGER,
  pw_salt      BLOB,
  pw_hash      BLOB,
  created_at   INTEGER NOT NULL,
  created_by   TEXT NOT NULL,                      -- 'self' | 'admin'
  disabled_at  INTEGER
);

-- Signed-in sessions (users and the admin); a token names its row, so
-- deleting the row revokes the token at once.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('user', 'admin')),
  user_id      TEXT,                               -- users.id for kind 'user'
  method       TEXT NOT NULL,                      -- 'password' | 'passkey'
  agent        TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- WebAuthn credentials.
CREATE TABLE passkeys (
  id           TEXT PRIMARY KEY,                   -- credential id, base64url
  user_id      TEXT NOT NULL,
  public_key   BLOB NOT NULL,
  counter      INTEGER NOT NULL,
  transports   TEXT NOT NULL DEFAULT '[]',
  name         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- Outstanding WebAuthn challenges, each used at most once.
CREATE TABLE challenges (
  id           TEXT PRIMARY KEY,
  purpose      TEXT NOT NULL,                      -- 'sign-up' | 'sign-in' | 'add'
  challenge    TEXT NOT NULL,
  user_id      TEXT,
  username     TEXT,
  rp_id        TEXT NOT NULL,
  origin       TEXT NOT NULL,
  expires_at   INTEGER NOT NULL
);

-- Every address a mailbox has told us about. `version` is the mailbox's own
-- change counter: an older update arriving late never overwrites a newer one.
CREATE TABLE addresses (
  address      TEXT PRIMARY KEY,
  seq          INTEGER NOT NULL,                   -- newest-first cursor, renewed on each (re)creation
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('active', 'deleted', 'expired')),
  owner        TEXT,                               -- users.id, or null
  version      INTEGER NOT NULL,
  counted      INTEGER NOT NULL DEFAULT 0,         -- the last statistics batch taken from this mailbox
  purge_after  INTEGER                             -- a gone address's row is dropped after its quarantine
) WITHOUT ROWID;
CREATE UNIQUE INDEX addresses_seq ON addresses (seq);
CREATE INDEX addresses_owner ON addresses (owner, state) WHERE owner IS NOT NULL;
CREATE INDEX addresses_purge ON addresses (purge_after) WHERE purge_after IS NOT NULL;

-- Blocked senders (patterns on the envelope sender) and names nobody may claim.
CREATE TABLE blocklist (
  kind         TEXT NOT NULL CHECK (kind IN ('sender', 'name')),
  pattern      TEXT NOT NULL,
  PRIMARY KEY (kind, pattern)
) WITHOUT ROWID;

-- Deployment settings an admin may change at run time.
CREATE TABLE settings (
  key          TEXT PRIMARY KEY,
  value        TEXT NOT NULL
);

-- Per-address grants: the daily send quota an admin set.
CREATE TABLE grants (
  address      TEXT PRIMARY KEY,
  send_daily   INTEGER NOT NULL,
  granted_at   INTEGER NOT NULL
);

-- Mail counted per UTC day, in batches from the mailboxes.
CREATE TABLE mail_days (
  day          TEXT PRIMARY KEY,                   -- YYYY-MM-DD
  received     INTEGER NOT NULL DEFAULT 0,
  sent         INTEGER NOT NULL DEFAULT 0
);

-- Every admin action.
CREATE TABLE audit (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,                      -- 'admin:<session id>'
  action       TEXT NOT NULL,
  target       TEXT,
  detail       TEXT NOT NULL DEFAULT '{}'
);
