-- Sending and forwarding: messages gain a folder (inbox, sent, junk) in the
-- one id sequence, sent mail its status; the outbox keeps what a transport
-- reported; an address's daily send count and its own quota; forwarding rules.

ALTER TABLE messages ADD COLUMN folder TEXT NOT NULL DEFAULT 'inbox';
-- Sent mail: 'queued' | 'sent' | 'failed' (the aggregate of its outbox rows); NULL in the inbox.
ALTER TABLE messages ADD COLUMN status TEXT;
ALTER TABLE messages ADD COLUMN status_reason TEXT;
-- What the forwarding rules did with an arrived mail: [{to, ok, error}].
ALTER TABLE messages ADD COLUMN forwards_json TEXT NOT NULL DEFAULT '[]';
CREATE INDEX IF NOT EXISTS messages_folder ON messages (folder, id);

-- On success, what the target reported (a transport's Message-ID).
ALTER TABLE outbox ADD COLUMN receipt TEXT;

-- At most one row: recipients sent to on `day` (UTC, YYYY-MM-DD), and the
-- quota granted to this address (NULL: the deployment's SEND_DAILY_QUOTA).
CREATE TABLE IF NOT EXISTS send_ledger (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  day     TEXT NOT NULL,
  used    INTEGER NOT NULL,
  granted INTEGER
);

-- Every mail that arrives here is also forwarded to each destination (by email()).
CREATE TABLE IF NOT EXISTS forwards (
  id          TEXT PRIMARY KEY,
  destination TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);
