-- Passwords and login throttling for one address (v1 tokens and the mail.tm
-- API), and the mail.tm `seen` flag on messages.

-- At most one row: the address's password as a slow salted hash, never the password.
CREATE TABLE IF NOT EXISTS password (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  algorithm  TEXT NOT NULL,               -- 'pbkdf2-sha256'
  iterations INTEGER NOT NULL,
  salt       BLOB NOT NULL,
  hash       BLOB NOT NULL,
  set_at     INTEGER NOT NULL             -- epoch ms
);

-- At most one row: failed logins, for slowing and then refusing guessers.
CREATE TABLE IF NOT EXISTS login_throttle (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  failures        INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,       -- epoch ms
  locked_until    INTEGER NOT NULL        -- epoch ms; 0 when not locked
);

ALTER TABLE messages ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN updated_at INTEGER;
