-- When each API key last authenticated (ms since the epoch; null: never), so
-- its owner can tell a key in use from a forgotten one. Written at most once a
-- minute per key, after the request's answer (src/directory/api-keys.ts).
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
