"""Runs on the real PostgreSQL: recorded counts and errors, stored replayable postings,
state that survives, the circuit breaker, blocking, and the per-source lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from core.models import Posting
from scrapers import state as db
from scrapers.registry import SOURCES
from scrapers.runner import LOCK_SPACE, replay, run_source

BOARD = "/v1/boards/airbnb/jobs"
CONFIG = {"greenhouse": {"companies": ["airbnb"]}}


@pytest.fixture
def board(site, payload):
    body = payload("greenhouse_airbnb.json")
    site.add(BOARD, site.reply(200, body, {"ETag": '"v1"'}), site.reply(304))
    return site


async def run(pg_pool, http, settings, site, **kwargs):
    options = {
        "pool": pg_pool,
        "http": http,
        "settings": settings,
        "companies": CONFIG,
        "base_url": site.url,
    }
    options.update(kwargs)
    return await run_source(SOURCES["greenhouse"], **options)


async def test_run_records_counts_and_stores_postings(pg_pool, make_http, scrape_settings, board):
    received: list[list[Posting]] = []

    async def on_postings(postings: list[Posting]) -> None:
        received.append(postings)

    result = await run(pg_pool, make_http(), scrape_settings, board, on_postings=on_postings)
    assert result.status == "ok"
    assert result.counts == {"fetched": 1, "not_modified": 0, "parsed": 2, "new": 2, "failed": 0}
    assert [len(batch) for batch in received] == [2]
    row = await pg_pool.fetchrow("SELECT * FROM scrape_runs WHERE id = $1", result.run_id)
    assert row["status"] == "ok" and row["counts"]["new"] == 2 and row["finished_at"]
    stored = await pg_pool.fetch("SELECT posting FROM scraped_postings ORDER BY posting_id")
    assert {Posting.model_validate(r["posting"]).title for r in stored} == {
        p.title for p in received[0]
    }


async def test_second_run_is_conditional_and_state_survives(
    pg_pool, make_http, scrape_settings, board
):
    await run(pg_pool, make_http(), scrape_settings, board)
    # a fresh HTTP layer, as after a restart: the validators come back from PostgreSQL
    result = await run(pg_pool, make_http(), scrape_settings, board)
    assert result.status == "ok" and result.counts["not_modified"] == 1
    assert result.counts["new"] == 0
    assert board.hits(BOARD)[1].headers["If-None-Match"] == '"v1"'
    source = await pg_pool.fetchrow("SELECT * FROM sources WHERE name = 'greenhouse'")
    assert source["last_success_at"] and source["consecutive_failures"] == 0


async def test_failed_ingest_keeps_postings_for_replay(pg_pool, make_http, scrape_settings, board):
    async def broken(postings: list[Posting]) -> None:
        raise RuntimeError("index is down")

    result = await run(pg_pool, make_http(), scrape_settings, board, on_postings=broken)
    assert result.status == "partial" and "index is down" in result.errors[0]
    async with pg_pool.acquire() as conn:
        assert len(await db.unindexed(conn)) == 2
    taken: list[str] = []

    async def working(postings: list[Posting]) -> None:
        taken.extend(p.id for p in postings)

    assert await replay(pg_pool, working) == 2 and len(taken) == 2
    assert await replay(pg_pool, working) == 0


async def test_ingested_postings_are_marked_indexed(pg_pool, make_http, scrape_settings, board):
    async def ingest(postings: list[Posting]) -> None:
        return None

    await run(pg_pool, make_http(), scrape_settings, board, on_postings=ingest)
    pending = await pg_pool.fetchval(
        "SELECT count(*) FROM scraped_postings WHERE indexed_at IS NULL"
    )
    assert pending == 0


async def test_challenge_blocks_the_source_and_later_runs_skip(
    pg_pool, make_http, scrape_settings, site
):
    site.add(BOARD, site.reply(503, "<title>Just a moment...</title>"))
    settings = scrape_settings.model_copy(update={"block_h": 3.0})
    first = await run(pg_pool, make_http(), settings, site)
    assert first.status == "blocked" and "challenge" in first.errors[0]
    second = await run(pg_pool, make_http(), settings, site)
    assert second.status == "skipped" and "blocked until" in second.errors[0]
    assert len(site.hits(BOARD)) == 1
    # the block lasts the configured hours (SCRAPE__BLOCK_H), not a built-in constant
    until = await pg_pool.fetchval("SELECT blocked_until FROM sources WHERE name = 'greenhouse'")
    left = until - datetime.now(UTC)
    assert timedelta(hours=2, minutes=59) < left <= timedelta(hours=3)


async def test_circuit_opens_after_failures_then_half_opens(
    pg_pool, make_http, scrape_settings, site, payload
):
    site.add(BOARD, site.reply(500, "down"))
    settings = scrape_settings.model_copy(update={"breaker_failures": 2, "breaker_cooldown_h": 1.0})
    http = make_http(settings, max_attempts=1)
    statuses = [(await run(pg_pool, http, settings, site)).status for _ in range(3)]
    assert statuses == ["failed", "failed", "skipped"]
    row = await pg_pool.fetchrow("SELECT * FROM sources WHERE name = 'greenhouse'")
    assert row["circuit_state"] == "open"
    await pg_pool.execute(
        "UPDATE sources SET circuit_opened_at = $1", datetime.now(UTC) - timedelta(hours=2)
    )
    site.add(BOARD, site.reply(200, payload("greenhouse_airbnb.json")))
    result = await run(pg_pool, http, settings, site)
    assert result.status == "ok"
    row = await pg_pool.fetchrow("SELECT * FROM sources WHERE name = 'greenhouse'")
    assert row["circuit_state"] == "closed" and row["consecutive_failures"] == 0


async def test_two_workers_never_run_one_source_at_once(pg_pool, make_http, scrape_settings, board):
    async with pg_pool.acquire() as other_worker:
        await other_worker.execute(
            "SELECT pg_advisory_lock($1, hashtext('greenhouse'))", LOCK_SPACE
        )
        result = await run(pg_pool, make_http(), scrape_settings, board)
        await other_worker.execute(
            "SELECT pg_advisory_unlock($1, hashtext('greenhouse'))", LOCK_SPACE
        )
    assert result.status == "skipped" and board.hits(BOARD) == []


async def test_disabled_source_is_skipped_unless_forced(
    pg_pool, make_http, scrape_settings, site, visa_board
):
    config = {"smartrecruiters": {"companies": ["Visa"]}}
    options = {
        "pool": pg_pool,
        "http": make_http(),
        "settings": scrape_settings,
        "companies": config,
        "base_url": site.url,
    }
    skipped = await run_source(SOURCES["smartrecruiters"], **options)
    assert skipped.status == "skipped" and skipped.errors == ["switched off (companies file)"]
    forced = await run_source(SOURCES["smartrecruiters"], force=True, **options)
    assert forced.status == "ok" and forced.counts["parsed"] == 2


async def test_forced_run_passes_an_open_circuit(pg_pool, make_http, scrape_settings, board):
    await pg_pool.execute(
        """INSERT INTO sources (name, circuit_state, circuit_opened_at, consecutive_failures)
           VALUES ('greenhouse', 'open', now(), 3)"""
    )
    assert (await run(pg_pool, make_http(), scrape_settings, board)).status == "skipped"
    forced = await run(pg_pool, make_http(), scrape_settings, board, force=True)
    assert forced.status == "ok"
    row = await pg_pool.fetchrow("SELECT * FROM sources WHERE name = 'greenhouse'")
    assert row["circuit_state"] == "closed"


async def test_a_run_interrupted_earlier_is_closed_when_the_next_one_starts(
    pg_pool: asyncpg.Pool,
) -> None:
    async with pg_pool.acquire() as conn:
        await db.load_state(conn, "remotive")
        stale = await db.start_run(conn, "remotive")  # never finished: the process died
        fresh = await db.start_run(conn, "remotive")
        rows = {r["id"]: r for r in await conn.fetch("SELECT * FROM scrape_runs")}
    assert rows[stale]["status"] == "failed"
    assert rows[stale]["finished_at"] is not None
    assert rows[stale]["errors"] == ["interrupted before it finished"]
    assert rows[fresh]["status"] == "running"


async def test_store_postings_counts_new_once_and_reindexes_only_changed(pg_pool, payload):
    first, second = SOURCES["greenhouse"].parse(payload("greenhouse_airbnb.json"), "airbnb")
    changed = first.model_copy(update={"title": first.title + " (updated)"})
    async with pg_pool.acquire() as conn:
        await db.load_state(conn, "greenhouse")  # creates the source row runs refer to
        run_id = await db.start_run(conn, "greenhouse")
        assert await db.store_postings(conn, "greenhouse", run_id, []) == 0
        # a posting listed twice in one run is one new row holding its last copy
        assert await db.store_postings(conn, "greenhouse", run_id, [first, second, changed]) == 2
        assert (
            await conn.fetchval(
                "SELECT posting->>'title' FROM scraped_postings WHERE posting_id = $1", first.id
            )
        ) == changed.title
        await db.mark_indexed(conn, [first.id, second.id])
        assert await db.store_postings(conn, "greenhouse", run_id, [first, second]) == 0
        assert [p.id for p in await db.unindexed(conn)] == [first.id]
