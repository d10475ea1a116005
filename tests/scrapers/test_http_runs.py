"""Runs sharing one PoliteHttp, as the worker's concurrent source jobs do: budgets and
challenges belong to each run, pacing (one request at a time per host, the minimum gap)
belongs to all of them. Real requests to a local server."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest

from scrapers.errors import Blocked, BudgetExhausted
from scrapers.registry import SOURCES
from scrapers.runner import run_source

CHALLENGE = b"<html><head><title>Just a moment...</title></head><body></body></html>"
HOST = "127.0.0.1"


async def test_a_run_starting_does_not_refill_another_runs_budget(site, make_http, scrape_settings):
    site.add("/a", site.reply(200, "a"))
    site.add("/b", site.reply(200, "b"))
    http = make_http(scrape_settings.model_copy(update={"requests_per_host": 2}))
    first = http.run()
    await first.get(site.url + "/a", conditional=False)
    second = http.run()  # starts while the first is still going, on the same host
    await second.get(site.url + "/b", conditional=False)
    await first.get(site.url + "/a", conditional=False)
    with pytest.raises(BudgetExhausted, match="budget of 2"):
        await first.get(site.url + "/a", conditional=False)
    # the second run's budget is its own: the first run's requests took nothing from it
    await second.get(site.url + "/b", conditional=False)
    with pytest.raises(BudgetExhausted):
        await second.get(site.url + "/b", conditional=False)
    assert first.used == second.used == {HOST: 2}
    assert len(site.hits("/a")) == len(site.hits("/b")) == 2


async def test_a_run_starting_does_not_clear_another_runs_challenge(site, make_http):
    site.add("/a", site.reply(503, CHALLENGE, {"Content-Type": "text/html"}))
    site.add("/b", site.reply(200, "ok"))
    http = make_http()
    first = http.run()
    with pytest.raises(Blocked, match="challenge page"):
        await first.get(site.url + "/a")
    second = http.run()
    assert (await second.get(site.url + "/b")).body == b"ok"
    with pytest.raises(Blocked, match="earlier this run"):
        await first.get(site.url + "/b")
    # only the second run asked for /b: the host is not asked again by the run it refused
    assert len(site.hits("/b")) == 1
    assert first.challenged == {HOST} and second.challenged == set()


async def test_pacing_is_shared_between_runs(site, make_http, scrape_settings):
    gap = 0.1
    site.add("/a", site.reply(200, "a", delay_s=0.01))
    site.add("/b", site.reply(200, "b", delay_s=0.01))
    # the real sleep: the server's arrival times are the evidence
    http = make_http(scrape_settings.model_copy(update={"min_gap_s": gap}), sleep=asyncio.sleep)

    async def three(path: str) -> None:
        run = http.run()
        for _ in range(3):
            await run.get(site.url + path, conditional=False)

    await asyncio.gather(three("/a"), three("/b"))
    assert len(site.hits("/a")) == len(site.hits("/b")) == 3
    paths = [r.path for r in site.requests]
    assert paths[:2] in (["/a", "/b"], ["/b", "/a"])  # the runs really did interleave
    gaps = [later - earlier for earlier, later in pairwise(site.arrivals)]
    assert min(gaps) >= gap
    assert site.max_in_flight == 1


async def test_sources_run_together_on_one_layer_each_with_its_own_budget(
    pg_pool, site, make_http, payload, scrape_settings
):
    site.add(
        "/v1/boards/airbnb/jobs", site.reply(200, payload("greenhouse_airbnb.json"), delay_s=0.05)
    )
    site.add("/v0/postings/jumpcloud", site.reply(200, payload("lever_jumpcloud.json")))
    companies = {"greenhouse": {"companies": ["airbnb"]}, "lever": {"companies": ["jumpcloud"]}}
    tight = scrape_settings.model_copy(update={"requests_per_host": 1})
    http = make_http(tight)
    results = await asyncio.gather(
        *(
            run_source(
                SOURCES[name],
                pool=pg_pool,
                http=http,
                settings=tight,
                companies=companies,
                base_url=site.url,
            )
            for name in ("greenhouse", "lever")
        )
    )
    # one request each fits a budget of one per run; a shared budget would refuse the second
    assert [(r.status, r.counts["fetched"]) for r in results] == [("ok", 1), ("ok", 1)]
    assert site.max_in_flight == 1
