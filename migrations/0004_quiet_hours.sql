-- Quiet hours: a local-time window per user (its own time zone) in which push alerts are
-- held in the outbox until the window ends. Replies to commands are never held.
-- All three are set together or not at all; an empty window (start = end) is refused.
ALTER TABLE users
    ADD COLUMN quiet_start time,
    ADD COLUMN quiet_end   time,
    ADD COLUMN quiet_zone  text,  -- IANA time zone name, e.g. Europe/Berlin
    ADD CONSTRAINT users_quiet_all_or_none CHECK (
        (quiet_start IS NULL) = (quiet_end IS NULL)
        AND (quiet_start IS NULL) = (quiet_zone IS NULL)),
    ADD CONSTRAINT users_quiet_not_empty CHECK (quiet_start <> quiet_end);
