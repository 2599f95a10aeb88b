-- The outbox carries every effect a mailbox owes the outside, not only
-- notifications: sent mail and directory updates join Telegram pushes and
-- webhooks. The kind is checked by the code that writes it (TargetKind), so
-- a new kind needs no table rebuild; message_id is null for effects that
-- belong to no message. SQLite cannot drop a CHECK in place: rebuild.
CREATE TABLE outbox_effects (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id  INTEGER,                     -- the message that caused it, if any
  target_kind TEXT NOT NULL,               -- 'telegram' | 'webhook' | …
  target_id   TEXT NOT NULL,
  payload     TEXT NOT NULL,               -- JSON
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  last_error  TEXT,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER
);
INSERT INTO outbox_effects (id, message_id, target_kind, target_id, payload, attempts, next_at, state, last_error, created_at, sent_at)
  SELECT id, message_id, target_kind, target_id, payload, attempts, next_at, state, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_effects RENAME TO outbox;
CREATE INDEX outbox_queue ON outbox (state, target_kind, target_id, id);
