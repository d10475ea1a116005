"""The scheduler: one job per registered source, intervals within each source's terms, and a
first run that waits out the interval since the last recorded run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.settings import Settings
from scrapers.circuit import Breaker, SourceState, gate, settle
from scrapers.http import PoliteHttp, make_session
from scrapers.registry import SOURCES
from scrapers.scheduler import build_scheduler, first_run

HOUR = 3600


def test_intervals_respect_published_polling_limits():
    assert SOURCES["remotive"].interval_s >= 6 * HOUR  # at most 4 a day
    assert SOURCES["himalayas"].interval_s >= 24 * HOUR  # daily
    assert SOURCES["jobicy"].interval_s >= HOUR  # hourly at most
    assert not SOURCES["smartrecruiters"].enabled_by_default


def test_first_run_waits_for_the_interval_since_the_last_run():
    now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    assert first_run(24 * HOUR, now - timedelta(hours=2), now) == now + timedelta(hours=22)
    assert now < first_run(24 * HOUR, None, now) <= now + timedelta(seconds=30)


async def test_build_scheduler_adds_one_job_per_registered_source(pg_pool):
    await pg_pool.execute("INSERT INTO sources (name) VALUES ('himalayas')")
    await pg_pool.execute(
        "INSERT INTO scrape_runs (source, started_at, status) VALUES ('himalayas', $1, 'ok')",
        datetime.now(UTC) - timedelta(hours=1),
    )

    async def on_postings(postings: list) -> None:
        return None

    settings = Settings()
    async with make_session(settings.scrape) as session:
        http = PoliteHttp(settings.scrape, session)
        scheduler = await build_scheduler(
            settings, pg_pool, http, on_postings, companies={"workable": {"enabled": False}}
        )
        jobs = {job.id: job for job in scheduler.get_jobs()}
        await http.close()
    # switched-off sources get a job too: each run checks the switch (tests/scrapers/test_switch)
    assert "scrape:smartrecruiters" in jobs and "scrape:workable" in jobs
    assert set(jobs) == {f"scrape:{name}" for name in SOURCES}
    assert jobs["scrape:himalayas"].next_run_time > datetime.now(UTC) + timedelta(hours=22)
    assert jobs["scrape:remotive"].max_instances == 1


def test_circuit_rules():
    breaker = Breaker(failures_to_open=2, cooldown=timedelta(hours=1), block_for=timedelta(hours=3))
    now = datetime(2026, 6, 15, tzinfo=UTC)
    state = settle(SourceState("x"), "failed", now, breaker)
    assert state.circuit_state == "closed" and state.consecutive_failures == 1
    state = settle(state, "failed", now, breaker)
    assert state.circuit_state == "open"
    assert gate(state, now + timedelta(minutes=30), breaker)[1] is not None
    half, reason = gate(state, now + timedelta(hours=2), breaker)
    assert reason is None and half.circuit_state == "half_open"
    assert settle(half, "failed", now, breaker).circuit_state == "open"
    blocked = settle(SourceState("y"), "blocked", now, breaker)
    assert blocked.blocked_until == now + timedelta(hours=3)


async def test_scheduled_job_runs_a_source_and_records_it(pg_pool, site, scrape_settings, payload):
    site.add("/feed.jsonl", site.reply(200, payload("generic.jsonl")))
    seen: list[int] = []

    async def on_postings(postings: list) -> None:
        seen.append(len(postings))

    settings = Settings(scrape=scrape_settings)
    companies = {"generic": {"feeds": [site.url + "/feed.jsonl"]}}
    async with make_session(settings.scrape) as session:
        http = PoliteHttp(settings.scrape, session)
        scheduler = await build_scheduler(settings, pg_pool, http, on_postings, companies=companies)
        job = scheduler.get_job("scrape:generic")
        result = await job.func(*job.args)
        await http.close()
    assert result.status == "ok" and seen == [3]
