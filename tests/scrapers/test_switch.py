"""The admin's switch on the real PostgreSQL: it overrides the companies file either way,
the runner reads it at every run, and a switched-off source's run records nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.db import MIGRATIONS_DIR, connect, migrate
from core.settings import Settings
from scrapers.http import PoliteHttp, make_session
from scrapers.registry import SOURCES
from scrapers.runner import run_source
from scrapers.scheduler import build_scheduler
from scrapers.switch import Switch, set_admin_switch, switches

VISA = "/v1/companies/Visa/postings"


async def runs(pg_pool, name: str) -> int:
    return int(await pg_pool.fetchval("SELECT count(*) FROM scrape_runs WHERE source = $1", name))


async def test_admin_switch_overrides_the_file_either_way(
    pg_pool, make_http, scrape_settings, site, visa_board
):
    options = {
        "pool": pg_pool,
        "http": make_http(),
        "settings": scrape_settings,
        "base_url": site.url,
    }
    smart = SOURCES["smartrecruiters"]
    off_by_default = {"smartrecruiters": {"companies": ["Visa"]}}

    skipped = await run_source(smart, companies=off_by_default, **options)
    assert skipped.status == "skipped" and skipped.run_id is None
    assert site.hits(VISA) == [] and await runs(pg_pool, "smartrecruiters") == 0

    assert await set_admin_switch(pg_pool, "smartrecruiters", True) is None
    ran = await run_source(smart, companies=off_by_default, **options)
    assert ran.status == "ok" and ran.counts["parsed"] == 2

    on_in_file = {"smartrecruiters": {"companies": ["Visa"], "enabled": True}}
    assert await set_admin_switch(pg_pool, "smartrecruiters", False) is True
    off = await run_source(smart, companies=on_in_file, **options)
    assert off.status == "skipped" and off.errors == ["switched off (admin)"]
    assert len(site.hits(VISA)) == 1 and await runs(pg_pool, "smartrecruiters") == 1


async def test_switches_report_who_decided(pg_pool):
    await set_admin_switch(pg_pool, "remotive", False)
    await set_admin_switch(pg_pool, "smartrecruiters", True)
    state = await switches(pg_pool, {"workable": {"enabled": False}})
    assert set(state) == set(SOURCES)
    assert state["remotive"] == Switch(False, "admin")
    assert state["smartrecruiters"] == Switch(True, "admin")
    assert state["workable"] == Switch(False, "file")
    assert state["greenhouse"] == Switch(True, "file")
    assert state["workable"].describe() == "off (companies file)"


async def test_switching_on_reaches_a_running_scheduler(pg_pool, site, scrape_settings, visa_board):
    seen: list[int] = []

    async def on_postings(postings: list) -> None:
        seen.append(len(postings))

    companies = {"smartrecruiters": {"companies": ["Visa"]}}
    async with make_session(scrape_settings) as session:
        http = PoliteHttp(scrape_settings, session)
        scheduler = await build_scheduler(
            Settings(scrape=scrape_settings),
            pg_pool,
            http,
            on_postings,
            companies=companies,
            base_url=site.url,
        )
        job = scheduler.get_job("scrape:smartrecruiters")
        before = await job.func(*job.args)
        await set_admin_switch(pg_pool, "smartrecruiters", True)
        after = await job.func(*job.args)
        await http.close()
    assert before.status == "skipped" and after.status == "ok" and seen == [2]


async def test_migration_keeps_a_source_that_was_off_in_the_database_off(pg_dsn, tmp_path: Path):
    first, rest = tmp_path / "first", tmp_path / "all"
    first.mkdir()
    shutil.copy(MIGRATIONS_DIR / "0001_initial.sql", first)
    shutil.copytree(MIGRATIONS_DIR, rest)
    pool = await connect(pg_dsn)
    try:
        await migrate(pool, first)
        await pool.execute(
            "INSERT INTO sources (name, enabled) VALUES ('hh', false), ('jobicy', true)"
        )
        await migrate(pool, rest)
        rows = await pool.fetch("SELECT name, admin_enabled FROM sources ORDER BY name")
    finally:
        await pool.close()
    assert [(r["name"], r["admin_enabled"]) for r in rows] == [("hh", False), ("jobicy", None)]
