"""/source NAME on|off and /scrape NAME through the fake Bot API: the gate, the audit,
the answers, the switch stored in PostgreSQL and a background run that ingests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

USER = 6001
GROUP = -100500
FEED = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "generic.jsonl"


@pytest.fixture
async def feeds() -> AsyncIterator[str]:
    """A loopback site serving the recorded JSONL feed at /feed.jsonl (and 404 elsewhere)."""

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=FEED.read_bytes())

    app = web.Application()
    app.router.add_get("/feed.jsonl", feed)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
def scrape(feeds: str, tmp_path: Path) -> dict[str, Any]:
    """A companies file whose generic feeds are one good feed and one that is gone."""
    companies = tmp_path / "companies.toml"
    companies.write_text(
        f'[generic]\nfeeds = ["{feeds}/feed.jsonl", "{feeds}/gone.jsonl"]\n'
        "[smartrecruiters]\nenabled = false\ncompanies = []\n",
        encoding="utf-8",
    )
    # The feed is on loopback, which only this test-only override lets through.
    return {"companies_file": str(companies), "allow_private_hosts": True, "min_gap_s": 0.0}


async def say(telegram: Any, user: int, *commands: str) -> list[str]:
    """Send each command and wait for its answer; return the answers."""
    start = len(telegram.texts(user))
    for command in commands:
        count = len(telegram.texts(user))
        await telegram.user_says(user, command)
        await telegram.wait_until(lambda n=count: len(telegram.texts(user)) > n)
    return telegram.texts(user)[start : start + len(commands)]


async def test_the_gate_keeps_non_admins_and_groups_out(
    telegram: Any, chat: Any, admin_id: int
) -> None:
    await say(telegram, USER, "/source smartrecruiters on", "/scrape generic")
    await telegram.user_says(admin_id, "/source smartrecruiters on", chat_id=GROUP)
    await telegram.user_says(admin_id, "/scrape generic", chat_id=GROUP)
    await say(telegram, USER, "/help")
    pool = chat["pool"]
    assert await pool.fetchval("SELECT count(*) FROM admin_audit") == 0
    assert await pool.fetchval("SELECT count(*) FROM sources") == 0
    assert await pool.fetchval("SELECT count(*) FROM scrape_runs") == 0
    assert not any("switched" in t or "Running" in t for t in telegram.texts(USER))
    assert not telegram.texts(GROUP)


async def test_source_switch_answers_stores_and_audits(
    telegram: Any, chat: Any, admin_id: int, audit_log: Any
) -> None:
    pool = chat["pool"]
    usage, unknown, on, listing, off = await say(
        telegram,
        admin_id,
        "/source",
        "/source nosuch on",
        "/source SmartRecruiters on",
        "/sources",
        "/source smartrecruiters off",
    )
    assert usage.startswith("Usage: /source NAME on|off") and "greenhouse" in usage
    assert unknown.startswith("No source called nosuch.") and "smartrecruiters" in unknown
    assert on.startswith("smartrecruiters switched on by an admin (before: the companies file)")
    lines = {line.split("</b>")[0].removeprefix("• <b>"): line for line in listing.splitlines()}
    assert "[on (admin)" in lines["smartrecruiters"]
    assert "[on (companies file)] never run" in lines["greenhouse"]
    assert "[off (companies file)]" not in listing  # only smartrecruiters was off, and now on
    assert off.startswith("smartrecruiters switched off by an admin (before: on)")
    assert (
        await pool.fetchval("SELECT admin_enabled FROM sources WHERE name = 'smartrecruiters'")
        is False
    )

    audit = await audit_log(4)  # the usage answer is not audited
    assert [(r["action"], r["target"]) for r in audit] == [
        ("source", "nosuch"),
        ("source", "smartrecruiters"),
        ("sources", None),
        ("source", "smartrecruiters"),
    ]
    assert audit[0]["details"] == {"error": "unknown source"}
    assert audit[1]["details"] == {"on": True, "previous": None}
    assert audit[3]["details"] == {"on": False, "previous": True}


async def test_scrape_runs_in_the_background_and_answers_with_counts(
    telegram: Any, chat: Any, admin_id: int, audit_log: Any
) -> None:
    pool, backend = chat["pool"], chat["backend"]
    before = await backend.count()
    usage, unknown, started = await say(
        telegram, admin_id, "/scrape", "/scrape nosuch", "/scrape generic"
    )
    assert usage.startswith("Usage: /scrape NAME") and "generic" in usage
    assert unknown.startswith("No source called nosuch.")
    assert started.startswith("Running generic now;")
    await telegram.wait_until(lambda: len(telegram.texts(admin_id)) == 4, within=60)
    done = telegram.texts(admin_id)[-1]
    # One feed answered, the other is gone: a partial run, with the error named.
    assert done.startswith(
        "<b>generic</b>: partial (fetched 1, not_modified 0, parsed 3, new 3, failed 1)"
    )
    assert "gone.jsonl" in done
    # in the index (some merge into jobs the sample already holds: dedup across boards)
    assert await backend.count() > before
    assert (
        await pool.fetchval("SELECT count(*) FROM scraped_postings WHERE indexed_at IS NOT NULL")
        == 3
    )
    assert await pool.fetchval("SELECT status FROM scrape_runs") == "partial"

    # A switched-off source still runs when an admin asks, and says so.
    (started_off,) = await say(telegram, admin_id, "/scrape smartrecruiters")
    assert "(it is off (companies file); this one run goes ahead)" in started_off
    await telegram.wait_until(lambda: len(telegram.texts(admin_id)) == 6, within=60)
    assert telegram.texts(admin_id)[-1].startswith("<b>smartrecruiters</b>: ok (")

    audit = await audit_log(3)
    assert [(r["action"], r["target"]) for r in audit] == [
        ("scrape", "nosuch"),
        ("scrape", "generic"),
        ("scrape", "smartrecruiters"),
    ]
