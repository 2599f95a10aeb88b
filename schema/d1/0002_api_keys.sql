-- API keys for scripts and agents (docs/agents.md). Only a key's SHA-256 is
-- kept: the secret is shown once, when it is made. A user's key acts for that
-- user; a deployment key (user_id null) is the admin's and acts for nobody.
-- Revoking deletes the row, so the next request with the key is refused.
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,                   -- random, what lists and DELETE name
  user_id      TEXT,                               -- users.id, or null for a deployment key
  name         TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE,               -- hex SHA-256 of the whole key
  hint         TEXT NOT NULL,                      -- the key's last four characters, to tell keys apart
  scopes       TEXT NOT NULL,                      -- space-separated
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER                             -- null: until revoked
);
CREATE INDEX api_keys_user ON api_keys (user_id);
