-- Digests: instead of one push per fresh match, one message a day or a week at a local
-- hour. A user with alerts on and no row here gets instant alerts (the default).
CREATE TABLE digest_subscriptions (
    user_id      bigint PRIMARY KEY REFERENCES users (telegram_id) ON DELETE CASCADE,
    cadence      text NOT NULL CHECK (cadence IN ('daily', 'weekly')),
    local_hour   smallint NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
    weekday      smallint NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Monday
    -- The schedule slot the last digest covered, or when the user chose the schedule:
    -- the next digest is due at the first slot after it.
    last_slot_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Matches the alert round found for digest subscribers, waiting for their digest.
-- `entry` is what a digest line shows (the posting without its text, score, tier, reason).
CREATE TABLE digest_items (
    user_id     bigint NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    posting_id  text NOT NULL,
    score       real NOT NULL,
    entry       jsonb NOT NULL,
    found_at    timestamptz NOT NULL DEFAULT now(),
    digested_at timestamptz,                          -- NULL: not covered by a digest yet
    PRIMARY KEY (user_id, posting_id)
);
CREATE INDEX digest_items_waiting ON digest_items (user_id, score DESC) WHERE digested_at IS NULL;
