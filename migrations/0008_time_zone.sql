-- The user's own time zone (IANA name), set by /subscribe ZONE or by /quiet with a zone,
-- and kept when quiet hours are turned off: digests come at the user's local hour by it.
ALTER TABLE users ADD COLUMN time_zone text;
UPDATE users SET time_zone = quiet_zone WHERE quiet_zone IS NOT NULL;
