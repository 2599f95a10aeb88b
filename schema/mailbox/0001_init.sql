-- One Mailbox object's database: one address, its mail and its own state.

-- Key/value facts about the mailbox: address, epoch, created_at, expires_at,
-- state ('active' | 'quarantined'), quarantine_until.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- AUTOINCREMENT: ids are never reused, even after deletes, so `since=` and
-- `before=` cursors stay meaningful.
CREATE TABLE messages (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at   INTEGER NOT NULL,          -- epoch ms
  envelope_from TEXT NOT NULL,
  envelope_to   TEXT NOT NULL,
  tag           TEXT,
  message_id    TEXT,
  subject       TEXT,
  from_json     TEXT,                      -- MailAddress | null
  to_json       TEXT NOT NULL DEFAULT '[]',
  cc_json       TEXT NOT NULL DEFAULT '[]',
  reply_to_json TEXT NOT NULL DEFAULT '[]',
  date          TEXT,
  size          INTEGER NOT NULL,          -- raw bytes
  snippet       TEXT NOT NULL DEFAULT '',
  attachments_json TEXT NOT NULL DEFAULT '[]',
  codes_json    TEXT NOT NULL DEFAULT '[]',
  parse_error   TEXT,
  parser        TEXT,
  warnings_json TEXT NOT NULL DEFAULT '[]',
  stored_bytes  INTEGER NOT NULL           -- what this message costs against the cap
);

-- Bodies live apart from the message row: a text or HTML body spills into
-- overflow pages, and lists and cursors must not walk through them.
CREATE TABLE bodies (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  text       TEXT,
  html       TEXT
);

-- Raw MIME (part = -1) and decoded attachments (part = index), in chunks
-- below the 2 MB row limit.
CREATE TABLE blobs (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  part       INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  data       BLOB NOT NULL,
  PRIMARY KEY (message_id, part, seq)
) WITHOUT ROWID;
