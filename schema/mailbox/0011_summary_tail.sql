-- The members of a message's summary that never change once it is stored (its
-- time, sender, subject, snippet, size, tag, codes, attachment count, parse
-- error, verdict), as JSON text written at delivery, so a list does not build
-- them for each row. Mail stored before has NULL here; the list makes those
-- members from the columns instead (objects/mailbox/summary-json.ts).
ALTER TABLE messages ADD COLUMN summary_tail TEXT;
