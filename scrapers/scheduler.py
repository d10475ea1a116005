"""Scheduled ingest: one APScheduler job per registered source, on its own interval with jitter.

Every source gets a job, switched on or not: each run asks :mod:`scrapers.switch` whether
the source is on, so an admin's ``/source NAME on`` takes effect at its next run without a
restart (a switched-off source's run does nothing and records nothing).

The interval of each source already respects its published polling limit; jitter only
ever delays. After a restart the first run waits until the source's interval since its
last recorded run has passed, so a restart never polls a source early.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from core.settings import Settings
from scrapers.base import Source
from scrapers.companies import load_companies
from scrapers.http import PoliteHttp
from scrapers.registry import SOURCES, get_source
from scrapers.runner import OnPostings, RunResult, run_source

MAX_JITTER_S = 600.0
# Source runs in flight at once per worker: each holds a pooled connection for its lock.
MAX_CONCURRENT_RUNS = 3


async def last_runs(pool: asyncpg.Pool) -> dict[str, datetime]:
    """When each source last started a real (not skipped) run."""
    rows = await pool.fetch(
        """SELECT source, max(started_at) AS at FROM scrape_runs
           WHERE status <> 'skipped' GROUP BY source"""
    )
    return {row["source"]: row["at"] for row in rows}


def first_run(interval_s: float, last: datetime | None, now: datetime) -> datetime:
    """Now plus a short stagger, or later if the last run was less than an interval ago."""
    soonest = now + timedelta(seconds=random.uniform(1, 30))
    if last is None:
        return soonest
    return max(soonest, last + timedelta(seconds=interval_s))


async def build_scheduler(
    settings: Settings,
    pool: asyncpg.Pool,
    http: PoliteHttp,
    on_postings: OnPostings,
    *,
    companies: Mapping[str, Any] | None = None,
    base_url: str | None = None,
    max_concurrent: int = MAX_CONCURRENT_RUNS,
) -> AsyncIOScheduler:
    """A scheduler (not started) with one job per registered source, every job on the
    caller's HTTP layer. The caller starts the scheduler, then shuts it down.

    At most ``max_concurrent`` sources run at once, so scraping never takes more than that
    many connections from a pool the chat shares.
    """
    config = (
        dict(companies) if companies is not None else load_companies(settings.scrape.companies_file)
    )
    scheduler = AsyncIOScheduler(timezone=UTC)
    previous = await last_runs(pool)
    now = datetime.now(UTC)
    slots = asyncio.Semaphore(max_concurrent)

    async def job(source: Source) -> RunResult:
        async with slots:
            return await run_source(
                source,
                pool=pool,
                http=http,
                settings=settings.scrape,
                companies=config,
                on_postings=on_postings,
                base_url=base_url,
            )

    for name, source in SOURCES.items():
        scheduler.add_job(
            job,
            IntervalTrigger(
                seconds=source.interval_s, jitter=min(MAX_JITTER_S, source.interval_s * 0.05)
            ),
            args=[source],
            id=f"scrape:{name}",
            name=f"scrape {name}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
            next_run_time=first_run(source.interval_s, previous.get(name), now),
        )
    return scheduler


async def run_sources(
    sources: list[Source],
    *,
    pool: asyncpg.Pool,
    http: PoliteHttp,
    settings: Settings,
    companies: Mapping[str, Any],
    on_postings: OnPostings | None = None,
    force: bool = False,
) -> list[RunResult]:
    """Run ``sources`` once, concurrently, on the caller's pool and HTTP layer (``force``:
    a person asked, so switched-off sources and open circuits run too)."""
    return list(
        await asyncio.gather(
            *(
                run_source(
                    source,
                    pool=pool,
                    http=http,
                    settings=settings.scrape,
                    companies=companies,
                    on_postings=on_postings,
                    force=force,
                )
                for source in sources
            )
        )
    )


def chosen_sources(names: list[str]) -> list[Source]:
    """The named sources, or every registered one when none are named."""
    return [get_source(n) for n in names] if names else list(SOURCES.values())


async def run_now(
    settings: Settings,
    names: list[str],
    *,
    pool: asyncpg.Pool,
    http: PoliteHttp,
    on_postings: OnPostings | None = None,
) -> list[RunResult]:
    """Run the named sources (all switched-on ones when none are named) once, concurrently,
    on the caller's pool and HTTP layer; sources named explicitly run even when off."""
    config = load_companies(settings.scrape.companies_file)
    return await run_sources(
        chosen_sources(names),
        pool=pool,
        http=http,
        settings=settings,
        companies=config,
        on_postings=on_postings,
        force=bool(names),
    )
