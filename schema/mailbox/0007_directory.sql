-- What a mailbox keeps for the directory: mail counted since its last batch to
-- the directory (one row per UTC day). (An admin's send-quota grant lives in
-- send_ledger, 0006.)
CREATE TABLE tally (
  day      TEXT PRIMARY KEY,           -- YYYY-MM-DD (UTC)
  received INTEGER NOT NULL DEFAULT 0,
  sent     INTEGER NOT NULL DEFAULT 0
);
