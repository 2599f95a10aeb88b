-- Codes handed out by GET …/codes/next (docs/agents.md): a message's code or
-- link goes to one caller only, so two workers waiting on one mailbox never get
-- the same one. Rows of messages no longer stored are pruned as new ones come.
CREATE TABLE IF NOT EXISTS code_handouts (
  message_id   INTEGER PRIMARY KEY,        -- messages.id (ids are never reused)
  code         TEXT,
  link         TEXT,
  handed_at    INTEGER NOT NULL
);
