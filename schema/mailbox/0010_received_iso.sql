-- Each message's arrival time as the API writes it (ISO 8601, UTC, milliseconds),
-- written at delivery: a list of 50 formatting it with strftime() for every row
-- cost ~0.1 ms per request. Rows stored before this get theirs here, once.
ALTER TABLE messages ADD COLUMN received_iso TEXT;
UPDATE messages SET received_iso = strftime('%Y-%m-%dT%H:%M:%fZ', received_at / 1000.0, 'unixepoch');
