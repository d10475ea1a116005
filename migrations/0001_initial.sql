-- Jobbot's first schema: everything the bot, the scrapers and the matcher keep.
-- Structured data is JSONB, times are timestamptz (UTC).

CREATE TABLE users (
    telegram_id     bigint PRIMARY KEY,
    username        text,
    language        text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru')),
    preferences     jsonb NOT NULL DEFAULT '{}'::jsonb,   -- remote, locations, min salary, exclusions
    alert_settings  jsonb NOT NULL DEFAULT '{}'::jsonb,   -- enabled, max per day, quiet hours
    alerts_enabled  boolean NOT NULL DEFAULT false,
    is_blocked      boolean NOT NULL DEFAULT false,       -- the user blocked the bot (Telegram 403)
    is_banned       boolean NOT NULL DEFAULT false,       -- an admin banned the user
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE resumes (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    file_hash       text NOT NULL,                        -- sha256 of the extracted text
    file_name       text,
    mime_type       text,
    text            text NOT NULL,
    profile         jsonb NOT NULL,
    profile_version text NOT NULL,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, file_hash)
);
CREATE INDEX resumes_active ON resumes (user_id) WHERE is_active;

CREATE TABLE sources (
    name                 text PRIMARY KEY,
    enabled              boolean NOT NULL DEFAULT true,
    config               jsonb NOT NULL DEFAULT '{}'::jsonb,
    last_success_at      timestamptz,
    consecutive_failures integer NOT NULL DEFAULT 0,
    blocked_until        timestamptz,
    circuit_state        text NOT NULL DEFAULT 'closed'
                         CHECK (circuit_state IN ('closed', 'open', 'half_open')),
    circuit_opened_at    timestamptz,
    validators           jsonb NOT NULL DEFAULT '{}'::jsonb,  -- url -> {etag, last_modified}
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scrape_runs (
    id          bigserial PRIMARY KEY,
    source      text NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'ok', 'partial', 'failed', 'blocked', 'skipped')),
    counts      jsonb NOT NULL DEFAULT '{}'::jsonb,   -- fetched, parsed, new, merged, failed
    errors      jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX scrape_runs_source_started ON scrape_runs (source, started_at DESC);

-- Postings a run parsed, kept so that an ingest can be replayed into the index.
CREATE TABLE scraped_postings (
    posting_id  text PRIMARY KEY,
    source      text NOT NULL,
    run_id      bigint REFERENCES scrape_runs (id) ON DELETE SET NULL,
    posting     jsonb NOT NULL,
    first_seen  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    indexed_at  timestamptz
);
CREATE INDEX scraped_postings_unindexed ON scraped_postings (last_seen) WHERE indexed_at IS NULL;

CREATE TABLE match_results (
    id              bigserial PRIMARY KEY,
    resume_hash     text NOT NULL,
    posting_id      text NOT NULL,
    model           text NOT NULL,
    prompt_version  text NOT NULL,
    embed_score     real NOT NULL,
    llm_score       real,
    final_score     real NOT NULL,
    tier            text NOT NULL,
    provider        text NOT NULL,
    rubric          jsonb NOT NULL DEFAULT '{}'::jsonb,
    reasons         jsonb NOT NULL DEFAULT '{}'::jsonb,
    verifier        jsonb NOT NULL DEFAULT '{}'::jsonb,   -- version, total_claims, unverified, demotions, score_adjustment
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (resume_hash, posting_id, model, prompt_version)
);

CREATE TABLE notifications (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    posting_id    text NOT NULL,
    payload       jsonb NOT NULL,
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
    attempts      integer NOT NULL DEFAULT 0,
    next_attempt  timestamptz NOT NULL DEFAULT now(),
    lease_until   timestamptz,
    last_error    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    UNIQUE (user_id, posting_id)
);
CREATE INDEX notifications_due ON notifications (next_attempt) WHERE status IN ('pending', 'sending');

CREATE TABLE feedback (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    posting_id  text NOT NULL,
    verdict     text NOT NULL CHECK (verdict IN ('good', 'bad', 'applied', 'hidden')),
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, posting_id, verdict)
);

CREATE TABLE llm_calls (
    id             bigserial PRIMARY KEY,
    user_id        bigint,
    purpose        text NOT NULL,           -- profile, rubric
    provider       text NOT NULL,
    model          text NOT NULL,
    prompt_tokens  integer,
    output_tokens  integer,
    latency_ms     integer NOT NULL,
    outcome        text NOT NULL,           -- ok, invalid_json, rate_limited, server_error, timeout, error
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX llm_calls_user_day ON llm_calls (user_id, created_at);

CREATE TABLE admin_audit (
    id          bigserial PRIMARY KEY,
    admin_id    bigint NOT NULL,
    action      text NOT NULL,
    target      text,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
