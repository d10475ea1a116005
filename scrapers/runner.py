"""One run of one source: lock, gate, fetch, store, hand over, record.

Two workers never run a source at once: a PostgreSQL advisory lock per source name is
held for the whole run (``pg_try_advisory_lock``; the loser records nothing and returns).
Postings are stored in ``scraped_postings`` before ``on_postings`` sees them, so a failed
ingest loses nothing and can be replayed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from core.models import Posting
from core.settings import ScrapeSettings
from scrapers import state as db
from scrapers.base import FetchContext, Source
from scrapers.circuit import Breaker, Outcome, gate, settle
from scrapers.errors import Blocked, ScrapeError
from scrapers.http import PoliteHttp
from scrapers.switch import effective

OnPostings = Callable[[list[Posting]], Awaitable[None]]
# First key of the two-key advisory lock; the second is hashtext(source name).
LOCK_SPACE = 7_415_300
log = logging.getLogger(__name__)


def breaker_for(settings: ScrapeSettings) -> Breaker:
    """The circuit breaker and block durations the operator configured."""
    return Breaker(
        failures_to_open=settings.breaker_failures,
        cooldown=timedelta(hours=settings.breaker_cooldown_h),
        block_for=timedelta(hours=settings.block_h),
    )


@dataclass
class RunResult:
    source: str
    status: str
    run_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


async def run_source(
    source: Source,
    *,
    pool: asyncpg.Pool,
    http: PoliteHttp,
    settings: ScrapeSettings,
    companies: Mapping[str, Any],
    on_postings: OnPostings | None = None,
    base_url: str | None = None,
    force: bool = False,
) -> RunResult:
    """Run ``source`` now unless another worker holds it, it is switched off (see
    :mod:`scrapers.switch`), blocked, or its circuit is open (``force``, for runs a person
    asks for, overrides all but the lock). The breaker's thresholds come from ``settings``.
    ``http`` may be shared with runs going on at the same time: this run fetches through a
    view of its own (:meth:`PoliteHttp.run`), so its budgets and challenges are its own.

    A switched-off source is not run and leaves no ``scrape_runs`` row (its scheduled job
    fires anyway, to see whether an admin switched it on); every other outcome is recorded."""
    breaker = breaker_for(settings)
    async with pool.acquire() as conn:
        locked = await conn.fetchval(
            "SELECT pg_try_advisory_lock($1, hashtext($2))", LOCK_SPACE, source.name
        )
        if not locked:
            return RunResult(source.name, "skipped", errors=["another worker is running it"])
        try:
            return await _run_locked(
                conn, source, http, settings, companies, on_postings, breaker, base_url, force
            )
        finally:
            await conn.execute(
                "SELECT pg_advisory_unlock($1, hashtext($2))", LOCK_SPACE, source.name
            )


async def _run_locked(
    conn: asyncpg.Connection,
    source: Source,
    http: PoliteHttp,
    settings: ScrapeSettings,
    companies: Mapping[str, Any],
    on_postings: OnPostings | None,
    breaker: Breaker,
    base_url: str | None,
    force: bool,
) -> RunResult:
    now = datetime.now(UTC)
    state = await db.load_state(conn, source.name)
    switch = effective(state.admin_enabled, companies, source)
    if not (switch.on or force):
        return RunResult(source.name, "skipped", errors=[f"switched {switch.describe()}"])
    state, reason = gate(state, now, breaker)
    if force:
        reason = None  # a person asked for this run: no gate applies, the outcome still counts
    if reason is not None:
        return RunResult(
            source.name, "skipped", await db.record_skip(conn, source.name, reason), errors=[reason]
        )
    run_id = await db.start_run(conn, source.name)
    http.validators.update(state.validators)
    # the source's published gap is a floor; the operator may only widen it
    gap = max(source.min_gap_s, settings.min_gap_s)
    # budgets and challenges are this run's own: other sources' runs on the shared layer
    # (same hosts, same pacing) neither refill nor clear them
    ctx = FetchContext(http.run(), settings, companies, source.name, gap, base_url)
    postings, outcome, errors = await _fetch(source, ctx)
    new = await db.store_postings(conn, source.name, run_id, postings)
    if postings and on_postings is not None:
        try:
            await on_postings(postings)
        except Exception as exc:  # any ingest failure: the postings stay stored for replay
            errors.append(f"ingest failed, postings kept for replay: {exc}")
            outcome = "partial" if outcome == "ok" else outcome
        else:
            await db.mark_indexed(conn, [p.id for p in postings])
    counts = {
        "fetched": ctx.fetched,
        "not_modified": ctx.not_modified,
        "parsed": len(postings),
        "new": new,
        "failed": len(errors),
    }
    kept = {url: v for url, v in http.validators.items() if url in ctx.requested}
    state = settle(
        replace(state, validators={**state.validators, **kept}), outcome, datetime.now(UTC), breaker
    )
    await db.save_state(conn, state)
    await db.finish_run(conn, run_id, outcome, counts, errors)
    log.info("source %s: %s %s", source.name, outcome, counts)
    return RunResult(source.name, outcome, run_id, counts, errors)


async def replay(pool: asyncpg.Pool, on_postings: OnPostings, batch: int = 500) -> int:
    """Hand stored postings the index never took (a failed ingest) to ``on_postings``
    again, oldest first; return how many were taken. Stops at the first failing batch."""
    taken = 0
    while True:
        async with pool.acquire() as conn:
            pending = await db.unindexed(conn, batch)
        if not pending:
            return taken
        await on_postings(pending)
        async with pool.acquire() as conn:
            await db.mark_indexed(conn, [p.id for p in pending])
        taken += len(pending)


async def _fetch(source: Source, ctx: FetchContext) -> tuple[list[Posting], Outcome, list[str]]:
    try:
        postings = await source.fetch(ctx)
    except Blocked as exc:
        return [], "blocked", [*ctx.errors, str(exc)]
    except ScrapeError as exc:
        return [], "failed", [*ctx.errors, str(exc)]
    if ctx.errors and not postings and not ctx.not_modified:
        return [], "failed", ctx.errors
    return postings, "partial" if ctx.errors else "ok", ctx.errors
