"""Every source fetches its recorded payload over real HTTP from a local server at the
source's real path, with the politeness each source demands."""

from __future__ import annotations

import pytest
from source_cases import CASES

from scrapers.registry import SOURCES

# Where each source's fetch asks for its payload (the real path; the host is the test server).
# SmartRecruiters also asks for each posting's detail: tests/scrapers/test_smartrecruiters.py.
PATHS = {
    "greenhouse": ["/v1/boards/{origin}/jobs"],
    "lever": ["/v0/postings/{origin}"],
    "ashby": ["/posting-api/job-board/{origin}"],
    "workable": ["/api/v1/widget/accounts/{origin}"],
    "recruitee": ["/api/offers/"],
    "remoteok": ["/api"],
    "remotive": ["/api/remote-jobs"],
    "arbeitnow": ["/api/job-board-api"],
    "weworkremotely": ["/remote-jobs.rss"],
    "himalayas": ["/jobs/api"],
    "jobicy": ["/api/v2/remote-jobs"],
    "hh": ["/vacancies"],
    "jsonld": ["/careers/platform"],
    "generic": ["/feed.jsonl"],
}
CONFIG = {
    "greenhouse": {"companies": ["airbnb"]},
    "lever": {"companies": ["jumpcloud"]},
    "ashby": {"companies": ["ramp"]},
    "workable": {"companies": ["zego"]},
    "recruitee": {"companies": ["channable"]},
    "arbeitnow": {"pages": 1},
    "himalayas": {"pages": 1},
    "hh": {"queries": ["python"]},
    "jsonld": {"pages": ["{site}/careers/platform"]},
    "generic": {"feeds": ["{site}/feed.jsonl"]},
}


FETCHED = [c for c in CASES if c[0] in PATHS]


@pytest.mark.parametrize(
    ("source", "fixture", "origin", "count", "expected"), FETCHED, ids=[c[1] for c in FETCHED]
)
async def test_fetch_over_http(site, fetch_ctx, payload, source, fixture, origin, count, expected):
    body = payload(fixture)
    for path in PATHS[source]:
        site.add(path.format(origin=origin), site.reply(200, body))
    config = {
        source: {
            k: [v.format(site=site.url) for v in vs] if isinstance(vs, list) else vs
            for k, vs in CONFIG.get(source, {}).items()
        }
    }
    if source in ("greenhouse", "lever", "ashby", "workable"):
        config[source]["companies"] = [origin]
    ctx = fetch_ctx(source, config)
    fetched = await SOURCES[source].fetch(ctx)
    assert [p.id for p in fetched] == [p.id for p in SOURCES[source].parse(body, origin)]
    assert ctx.errors == [] and ctx.fetched >= 1


async def test_hackernews_fetch_finds_the_thread_then_its_comments(site, fetch_ctx, payload):
    site.add("/api/v1/search_by_date", site.reply(200, payload("hackernews_threads.json")))
    site.add("/api/v1/items/44159528", site.reply(200, payload("hackernews_items.json")))
    ctx = fetch_ctx("hackernews")
    postings = await SOURCES["hackernews"].fetch(ctx)
    assert len(postings) == 5 and postings[0].company == "Neon Health"


async def test_lever_polls_eu_companies_too(site, fetch_ctx, payload):
    site.add("/v0/postings/jumpcloud", site.reply(200, payload("lever_jumpcloud.json")))
    site.add("/v0/postings/spotify", site.reply(200, payload("lever_spotify.json")))
    ctx = fetch_ctx("lever", {"lever": {"companies": ["jumpcloud"], "eu_companies": ["spotify"]}})
    postings = await SOURCES["lever"].fetch(ctx)
    assert [p.company for p in postings] == ["Jumpcloud"] * 2 + ["Spotify"] * 2
    assert ctx.fetched == 2 and ctx.errors == []


async def test_hh_sends_the_user_agent_it_demands(site, fetch_ctx, payload, scrape_settings):
    site.add("/vacancies", site.reply(200, payload("hh_vacancies.json")))
    ctx = fetch_ctx("hh", {"hh": {"queries": ["python"]}})
    await SOURCES["hh"].fetch(ctx)
    request = site.hits("/vacancies")[0]
    assert scrape_settings.contact_email in request.headers["HH-User-Agent"]
    assert request.query["text"] == "python"


async def test_jsonld_page_embedding_a_board_is_read_through_the_ats_api(site, fetch_ctx, payload):
    site.add("/careers", site.reply(200, payload("jsonld_embed_page.html")))
    site.add("/v1/boards/airbnb/jobs", site.reply(200, payload("greenhouse_airbnb.json")))
    config = {"jsonld": {"pages": [site.url + "/careers"]}}
    ctx = fetch_ctx("jsonld", config)
    postings = await SOURCES["jsonld"].fetch(ctx)
    assert {p.source for p in postings} == {"greenhouse"} and len(postings) == 2


async def test_an_embedded_board_request_counts_in_the_page_run(site, fetch_ctx, payload):
    # The runner keeps cache validators only for URLs the run requested.
    site.add("/careers", site.reply(200, payload("jsonld_embed_page.html")))
    site.add("/v1/boards/airbnb/jobs", site.reply(200, payload("greenhouse_airbnb.json")))
    ctx = fetch_ctx("jsonld", {"jsonld": {"pages": [site.url + "/careers"]}})
    await SOURCES["jsonld"].fetch(ctx)
    assert ctx.fetched == 2
    assert any("/v1/boards/airbnb/jobs" in url for url in ctx.requested)


async def test_jsonld_respects_robots_txt(site, fetch_ctx, payload):
    site.add("/robots.txt", site.reply(200, "User-agent: *\nDisallow: /careers\n"))
    site.add("/careers", site.reply(200, payload("jsonld_page.html")))
    config = {"jsonld": {"pages": [site.url + "/careers"]}}
    ctx = fetch_ctx("jsonld", config)
    assert await SOURCES["jsonld"].fetch(ctx) == []
    assert site.hits("/careers") == [] and "robots.txt" in ctx.errors[0]
