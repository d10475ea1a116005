"""Source state, scrape runs and scraped postings in PostgreSQL (tables of migration 0001).

Source state survives restarts; every run leaves a ``scrape_runs`` row with its counts
and errors; parsed postings are kept in ``scraped_postings`` so an ingest can be replayed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import asyncpg

from core.models import Posting
from scrapers.circuit import SourceState


async def load_state(conn: asyncpg.Connection, name: str) -> SourceState:
    """The source's stored state; a first run creates the row."""
    await conn.execute("INSERT INTO sources (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", name)
    row = await conn.fetchrow("SELECT * FROM sources WHERE name = $1", name)
    assert row is not None
    return SourceState(
        name=name,
        admin_enabled=row["admin_enabled"],
        last_success_at=row["last_success_at"],
        consecutive_failures=row["consecutive_failures"],
        blocked_until=row["blocked_until"],
        circuit_state=row["circuit_state"],
        circuit_opened_at=row["circuit_opened_at"],
        validators=dict(row["validators"] or {}),
    )


async def save_state(conn: asyncpg.Connection, state: SourceState) -> None:
    await conn.execute(
        """UPDATE sources SET last_success_at = $2, consecutive_failures = $3,
               blocked_until = $4, circuit_state = $5, circuit_opened_at = $6,
               validators = $7, updated_at = now()
           WHERE name = $1""",
        state.name,
        state.last_success_at,
        state.consecutive_failures,
        state.blocked_until,
        state.circuit_state,
        state.circuit_opened_at,
        state.validators,
    )


async def start_run(conn: asyncpg.Connection, name: str) -> int:
    """Open a run row. The caller holds the source's lock, so a row of this source still
    marked running belongs to an interrupted run (a crash, a cancelled /scrape): close it."""
    await conn.execute(
        """UPDATE scrape_runs SET finished_at = now(), status = 'failed',
                  errors = errors || '["interrupted before it finished"]'::jsonb
           WHERE source = $1 AND status = 'running'""",
        name,
    )
    run_id = await conn.fetchval("INSERT INTO scrape_runs (source) VALUES ($1) RETURNING id", name)
    return int(run_id)


async def finish_run(
    conn: asyncpg.Connection, run_id: int, status: str, counts: dict[str, int], errors: list[str]
) -> None:
    await conn.execute(
        """UPDATE scrape_runs SET finished_at = now(), status = $2, counts = $3, errors = $4
           WHERE id = $1""",
        run_id,
        status,
        counts,
        errors,
    )


async def record_skip(conn: asyncpg.Connection, name: str, reason: str) -> int:
    run_id = await conn.fetchval(
        """INSERT INTO scrape_runs (source, finished_at, status, errors)
           VALUES ($1, now(), 'skipped', $2) RETURNING id""",
        name,
        [reason],
    )
    return int(run_id)


async def store_postings(
    conn: asyncpg.Connection, name: str, run_id: int, postings: list[Posting]
) -> int:
    """Upsert the run's postings in one statement; return how many were new. A changed
    posting is marked unindexed again so the next ingest picks it up."""
    # one row per id (the last copy wins): an upsert may not touch a row twice
    documents: dict[str, Any] = {p.id: json.loads(p.model_dump_json()) for p in postings}
    rows = await conn.fetch(
        """INSERT INTO scraped_postings (posting_id, source, run_id, posting)
           SELECT id, $1, $2, doc FROM unnest($3::text[], $4::jsonb[]) AS t(id, doc)
           ON CONFLICT (posting_id) DO UPDATE SET
               run_id = EXCLUDED.run_id, last_seen = now(), posting = EXCLUDED.posting,
               indexed_at = CASE WHEN scraped_postings.posting = EXCLUDED.posting
                                 THEN scraped_postings.indexed_at END
           RETURNING (xmax = 0) AS new""",
        name,
        run_id,
        list(documents),
        list(documents.values()),
    )
    return sum(bool(row["new"]) for row in rows)


async def first_seen_since(
    conn: asyncpg.Pool | asyncpg.Connection, since: datetime
) -> list[Posting]:
    """Stored postings first seen after ``since``, oldest first (an alert round's fresh ones)."""
    rows = await conn.fetch(
        "SELECT posting FROM scraped_postings WHERE first_seen > $1 ORDER BY first_seen", since
    )
    return [Posting.model_validate(r["posting"]) for r in rows]


async def mark_indexed(conn: asyncpg.Pool | asyncpg.Connection, ids: list[str]) -> None:
    await conn.execute(
        "UPDATE scraped_postings SET indexed_at = now() WHERE posting_id = ANY($1::text[])", ids
    )


async def counts(conn: asyncpg.Pool | asyncpg.Connection) -> dict[str, int]:
    """How many postings are stored, and how many were first seen in the last day."""
    row = await conn.fetchrow(
        """SELECT count(*) AS scraped,
                  count(*) FILTER (WHERE first_seen > now() - interval '1 day') AS new_24h
             FROM scraped_postings"""
    )
    return dict(row) if row else {"scraped": 0, "new_24h": 0}


async def unindexed(conn: asyncpg.Connection, limit: int = 1000) -> list[Posting]:
    """Stored postings the index has not taken yet (for a replay after a failed ingest)."""
    rows = await conn.fetch(
        """SELECT posting FROM scraped_postings WHERE indexed_at IS NULL
           ORDER BY last_seen LIMIT $1""",
        limit,
    )
    return [Posting.model_validate(row["posting"]) for row in rows]
