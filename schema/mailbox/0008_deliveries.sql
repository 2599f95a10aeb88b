-- What the owner sees and controls of inbound mail (docs/deliveries.md): each
-- message's sender verdict, the log of recent delivery attempts, and the
-- senders the owner blocked.

-- {"spf","dkim","dmarc"} read from the receiving service's Authentication-Results; NULL for sent mail.
ALTER TABLE messages ADD COLUMN auth_json TEXT;

-- The last DELIVERY_LOG_SIZE inbound attempts, accepted or not; older rows are
-- pruned as new ones come. Only a claimed mailbox has this table, so mail for
-- an unknown name is logged nowhere.
CREATE TABLE IF NOT EXISTS deliveries (
  id            INTEGER PRIMARY KEY,       -- arrival order; the newest row is never pruned, so ids only grow
  at            INTEGER NOT NULL,          -- epoch ms
  envelope_from TEXT NOT NULL,
  size          INTEGER NOT NULL,          -- raw bytes
  outcome       TEXT NOT NULL,             -- 'accepted' | 'junk' | 'rejected'
  reason        TEXT,                      -- DeliveryReason, or NULL
  detail        TEXT,                      -- what the sender was told, or which rule matched
  message_id    INTEGER,                   -- the stored message, if any
  parse         TEXT                       -- 'ok' | 'fallback' | 'failed', NULL when not parsed
);

-- Senders whose mail this mailbox refuses: an address, or a domain with its subdomains.
CREATE TABLE IF NOT EXISTS blocked_senders (
  sender     TEXT PRIMARY KEY,             -- lower-case address, or domain
  kind       TEXT NOT NULL,                -- 'address' | 'domain'
  created_at INTEGER NOT NULL
);
