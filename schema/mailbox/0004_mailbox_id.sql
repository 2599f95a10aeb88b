-- The mailbox's identity (meta key `mailbox_id`), minted when the name is
-- claimed and kept apart from the credential epoch: what derives from it (the
-- mail.tm account id and its message ids, later IMAP UIDVALIDITY) survives
-- "sign out everywhere", which only replaces the epoch.
-- A mailbox from before this file keeps the identity its epoch gave it, so
-- its mail.tm account id stays what it was.
INSERT OR IGNORE INTO meta (key, value) SELECT 'mailbox_id', value FROM meta WHERE key = 'epoch' AND value != '';
