-- The job tracker: jobs a user saved, applied to, interviewed for, got an offer from, was
-- rejected by, or hid. `posting_id` is the index entry (the dedup cluster's id);
-- `cluster_ids` holds every posting id merged into that entry when it was tracked, so a
-- copy of the same job on another board is recognised even after the index changes.
-- `card` keeps what the /saved list shows (title, company, links) after the posting expires.
CREATE TABLE tracked_jobs (
    user_id      bigint NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    posting_id   text NOT NULL,
    cluster_ids  text[] NOT NULL DEFAULT '{}',
    status       text NOT NULL
                 CHECK (status IN ('saved', 'applied', 'interviewing', 'offer', 'rejected',
                                   'hidden')),
    note         text CHECK (char_length(note) <= 300),
    card         jsonb NOT NULL DEFAULT '{}'::jsonb,
    applied_at   timestamptz,
    reminded_at  timestamptz,            -- the follow-up reminder was queued
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, posting_id)
);
CREATE INDEX tracked_jobs_followup ON tracked_jobs (applied_at)
    WHERE status = 'applied' AND reminded_at IS NULL;
CREATE INDEX tracked_jobs_clusters ON tracked_jobs USING gin (cluster_ids);
