-- Notifications a delivery causes outside the mailbox (Telegram pushes,
-- webhooks), and the targets they go to. Rows are written in the same
-- transaction as the message and sent later by the object's alarm.

-- One row per (message, target). `payload` is rendered at delivery time, so a
-- row is self-contained even if its message is later deleted.
-- state: 'pending' (waiting for next_at), 'sending' (request in flight),
-- 'sent' (success recorded: never sent again), 'dead' (gave up; last_error says why).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id  INTEGER NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('telegram', 'webhook')),
  target_id   TEXT NOT NULL,               -- Telegram chat id, or webhook id
  payload     TEXT NOT NULL,               -- JSON
  attempts    INTEGER NOT NULL DEFAULT 0,  -- requests made so far
  next_at     INTEGER NOT NULL,            -- epoch ms: not before this
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  last_error  TEXT,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER
);
-- The head of each target's queue: min(id) among its unfinished rows.
CREATE INDEX outbox_queue ON outbox (state, target_kind, target_id, id);

-- Telegram chats that get a push for every new mail here.
CREATE TABLE telegram_chats (
  chat_id  TEXT PRIMARY KEY,
  lang     TEXT NOT NULL DEFAULT 'en',     -- 'en' | 'zh': language of the push text
  bound_at INTEGER NOT NULL
);

-- Webhooks: each delivery POSTs the message summary, signed with `secret`.
CREATE TABLE webhooks (
  id         TEXT PRIMARY KEY,
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
