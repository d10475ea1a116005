"""The polite HTTP layer against a real local server: retries, challenges, caps, guards.
Each test fetches through a run (``PoliteHttp.run()``), as the runner does."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import aiohttp
import pytest
from multidict import CIMultiDict

from core.settings import ScrapeSettings
from scrapers.errors import (
    Blocked,
    BudgetExhausted,
    FetchError,
    HTTPStatusError,
    RateLimited,
    ResponseTooLarge,
    UnsafeURL,
)
from scrapers.http_policy import backoff_delay, is_challenge, parse_retry_after

CHALLENGE = (
    b"<html><head><title>Just a moment...</title></head>"
    b"<body><div id=cf-browser-verification></div></body></html>"
)


async def test_429_retry_after_seconds_is_honoured(site, make_http, sleeps):
    site.add("/jobs", site.reply(429, "slow down", {"Retry-After": "7"}), site.reply(200, "[]"))
    response = await make_http().run().get(site.url + "/jobs")
    assert response.status == 200 and response.body == b"[]"
    assert 7.0 in sleeps
    assert len(site.hits("/jobs")) == 2


async def test_429_retry_after_http_date_is_honoured(site, make_http, sleeps):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    site.add("/jobs", site.reply(429, "", {"Retry-After": when}), site.reply(200, "[]"))
    await make_http().run().get(site.url + "/jobs")
    assert any(25 <= s <= 31 for s in sleeps)


async def test_retry_after_too_long_is_not_waited(site, make_http, sleeps):
    site.add("/jobs", site.reply(429, "", {"Retry-After": "86400"}))
    with pytest.raises(RateLimited):
        await make_http().run().get(site.url + "/jobs")
    assert len(site.hits("/jobs")) == 1 and not any(s > 300 for s in sleeps)


async def test_503_challenge_page_is_never_retried(site, make_http):
    site.add("/jobs", site.reply(503, CHALLENGE, {"Content-Type": "text/html"}))
    with pytest.raises(Blocked):
        await make_http().run().get(site.url + "/jobs")
    assert len(site.hits("/jobs")) == 1


async def test_cf_mitigated_header_marks_a_challenge(site, make_http):
    site.add("/jobs", site.reply(403, "", {"cf-mitigated": "challenge"}))
    with pytest.raises(Blocked):
        await make_http().run().get(site.url + "/jobs")


async def test_5xx_backs_off_with_bounded_attempts(site, make_http, sleeps):
    site.add("/jobs", site.reply(500, "boom"))
    with pytest.raises(HTTPStatusError) as caught:
        await make_http(max_attempts=3).run().get(site.url + "/jobs")
    assert caught.value.status == 500
    assert len(site.hits("/jobs")) == 3 and len(sleeps) == 2


async def test_plain_404_is_not_retried(site, make_http):
    with pytest.raises(HTTPStatusError):
        await make_http().run().get(site.url + "/missing")
    assert len(site.hits("/missing")) == 1


async def test_timeout_gives_fetch_error_after_attempts(site, make_http):
    site.add("/slow", site.reply(200, "late", delay_s=1.0))
    run = make_http(
        ScrapeSettings(allow_private_hosts=True, min_gap_s=0, timeout_s=0.2), max_attempts=2
    ).run()
    with pytest.raises(FetchError, match="timed out"):
        await run.get(site.url + "/slow")
    assert len(site.hits("/slow")) == 2


async def test_conditional_request_and_304_costs_no_budget(site, make_http):
    validators = {"ETag": '"v1"', "Last-Modified": "Mon, 15 Jun 2026 10:00:00 GMT"}
    site.add("/jobs", site.reply(200, "[1]", validators), site.reply(304))
    http = make_http(ScrapeSettings(allow_private_hosts=True, min_gap_s=0, requests_per_host=1))
    first = await http.run().get(site.url + "/jobs")
    run = http.run()
    second = await run.get(site.url + "/jobs")
    assert first.body == b"[1]" and second.not_modified and second.body == b""
    request = site.hits("/jobs")[1]
    assert request.headers["If-None-Match"] == '"v1"'
    assert request.headers["If-Modified-Since"] == "Mon, 15 Jun 2026 10:00:00 GMT"
    await run.get(site.url + "/jobs")  # the refunded 304 left the budget of one intact


async def test_budget_per_host_per_run(site, make_http):
    site.add("/a", site.reply(200, "ok"))
    http = make_http(ScrapeSettings(allow_private_hosts=True, min_gap_s=0, requests_per_host=2))
    run = http.run()
    await run.get(site.url + "/a", conditional=False)
    await run.get(site.url + "/a", conditional=False)
    with pytest.raises(BudgetExhausted):
        await run.get(site.url + "/a", conditional=False)
    assert run.used == {"127.0.0.1": 2}
    await http.run().get(site.url + "/a", conditional=False)


async def test_min_gap_between_requests_to_one_host(site, make_http, sleeps):
    site.add("/a", site.reply(200, "ok"))
    run = make_http(ScrapeSettings(allow_private_hosts=True, min_gap_s=5.0)).run()
    await run.get(site.url + "/a")
    await run.get(site.url + "/a")
    assert sleeps and 4.0 < sleeps[-1] <= 5.0


async def test_size_cap(site, make_http):
    site.add("/big", site.reply(200, b"x" * 5000))
    settings = ScrapeSettings(allow_private_hosts=True, min_gap_s=0, max_response_bytes=1000)
    run = make_http(settings).run()
    with pytest.raises(ResponseTooLarge):
        await run.get(site.url + "/big")


async def test_redirect_to_non_http_scheme_is_refused(site, make_http):
    site.add("/go", site.reply(302, "", {"Location": "file:///etc/passwd"}))
    with pytest.raises(UnsafeURL):
        await make_http().run().get(site.url + "/go")


async def test_redirect_within_http_is_followed(site, make_http):
    site.add("/old", site.reply(301, "", {"Location": "/new"}))
    site.add("/new", site.reply(200, "moved"))
    assert (await make_http().run().get(site.url + "/old")).body == b"moved"


async def test_ssrf_guard_refuses_loopback_without_the_test_override(site, make_http):
    run = make_http(ScrapeSettings(allow_private_hosts=False, min_gap_s=0)).run()
    with pytest.raises(UnsafeURL, match="private or loopback"):
        await run.get(site.url + "/jobs")
    assert site.requests == []


async def test_user_agent_is_sent(site, make_http):
    site.add("/a", site.reply(200, "ok"))
    await make_http().run().get(site.url + "/a")
    assert site.hits("/a")[0].headers["User-Agent"].startswith("JobbotCrawler/")


def test_retry_after_parsing():
    now = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Mon, 15 Jun 2026 10:01:00 GMT", now) == 60.0
    assert parse_retry_after("Mon, 15 Jun 2026 09:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_is_jittered_and_capped():
    rng = random.Random(1)
    delays = [backoff_delay(attempt, 1.0, 8.0, rng) for attempt in range(10)]
    assert all(0 <= d <= 8.0 for d in delays) and len(set(delays)) == len(delays)


def test_challenge_detection_needs_a_blocking_status():
    assert is_challenge(503, {}, CHALLENGE)
    assert not is_challenge(200, {}, CHALLENGE)
    assert not is_challenge(503, {}, b"Service Unavailable")
    assert is_challenge(403, CIMultiDict({"CF-Mitigated": "challenge"}), b"")


async def test_guarded_session_refuses_private_addresses_at_connect_time(site):
    from scrapers.http import make_session

    session = make_session(ScrapeSettings(allow_private_hosts=False))
    try:
        with pytest.raises(aiohttp.ClientConnectorError, match="private or loopback"):
            # a name, not an IP literal: aiohttp resolves names through the resolver
            await session.get(site.url.replace("127.0.0.1", "localhost") + "/jobs")
    finally:
        await session.close()
    assert site.requests == []


async def test_one_request_at_a_time_per_host(site, make_http):
    import asyncio

    site.add("/a", site.reply(200, "ok", delay_s=0.05))
    run = make_http().run()
    await asyncio.gather(*(run.get(site.url + "/a", conditional=False) for _ in range(4)))
    assert len(site.hits("/a")) == 4 and site.max_in_flight == 1


async def test_reuse_keeps_the_body_and_a_304_returns_it(site, make_http):
    site.add("/detail", site.reply(200, '{"id": 1}', {"ETag": '"d1"'}), site.reply(304))
    http = make_http(ScrapeSettings(allow_private_hosts=True, min_gap_s=0, requests_per_host=1))
    first = await http.run().get(site.url + "/detail", reuse=True)
    run = http.run()
    second = await run.get(site.url + "/detail", reuse=True)
    assert site.hits("/detail")[1].headers["If-None-Match"] == '"d1"'
    assert second.reused and not second.not_modified and second.body == first.body
    # kept bodies live in memory only, so their validators are never handed on to persist
    assert http.validators == {}
    await run.get(site.url + "/detail", reuse=True)  # the 304 cost no budget


async def test_reuse_without_validators_asks_unconditionally(site, make_http):
    site.add("/detail", site.reply(200, "{}"))
    run = make_http().run()
    await run.get(site.url + "/detail", reuse=True)
    await run.get(site.url + "/detail", reuse=True)
    assert all("If-None-Match" not in r.headers for r in site.hits("/detail"))


async def test_backoff_and_retry_after_limits_come_from_settings(site, make_http, sleeps):
    settings = ScrapeSettings(
        allow_private_hosts=True,
        min_gap_s=0,
        backoff_base_s=0.01,
        backoff_cap_s=0.02,
        max_retry_after_s=5,
    )
    site.add("/down", site.reply(503, "busy"))
    with pytest.raises(HTTPStatusError):
        await make_http(settings, max_attempts=4).run().get(site.url + "/down")
    assert len(sleeps) == 3 and all(0 <= s <= 0.02 for s in sleeps)
    site.add("/slow", site.reply(429, "", {"Retry-After": "7"}))
    with pytest.raises(RateLimited, match="longer than we wait"):
        await make_http(settings).run().get(site.url + "/slow")


async def test_after_a_challenge_the_host_is_not_asked_again_this_run(site, make_http):
    site.add("/a", site.reply(503, CHALLENGE))
    site.add("/b", site.reply(200, "ok"))
    http = make_http()
    run = http.run()
    with pytest.raises(Blocked):
        await run.get(site.url + "/a")
    with pytest.raises(Blocked, match="earlier this run"):
        await run.get(site.url + "/b")
    assert site.hits("/b") == [] and run.challenged == {"127.0.0.1"}
    assert (await http.run().get(site.url + "/b")).body == b"ok"
