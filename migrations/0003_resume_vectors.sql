-- Each resume's embedding, stored once so an alert round does not embed every subscriber
-- again. Keyed by resume AND embedding model: vectors of two models are never compared, so
-- a new model finds no row and embeds afresh. `input_hash` names what was embedded (text,
-- profile headline, chunking recipe): a re-read profile makes the stored vector stale.
CREATE TABLE resume_vectors (
    resume_id   bigint NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
    model       text NOT NULL,
    input_hash  text NOT NULL,
    vector      real[] NOT NULL,                      -- unit length, the model's dimensions
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resume_id, model)
);
