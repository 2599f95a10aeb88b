-- What a mailbox keeps for the directory and the admin: mail counted since
-- its last batch to the directory (one row per UTC day), and the daily send
-- quota an admin granted it.
CREATE TABLE tally (
  day      TEXT PRIMARY KEY,           -- YYYY-MM-DD (UTC)
  received INTEGER NOT NULL DEFAULT 0,
  sent     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE send_quota (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  daily  INTEGER NOT NULL,
  set_at INTEGER NOT NULL
);
