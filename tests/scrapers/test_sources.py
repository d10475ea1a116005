"""Every source parses its recorded payload into valid Postings carrying the payload's fields,
and fetches the same payload over real HTTP from a local server at the source's real path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from core.models import Posting
from scrapers.registry import SOURCES
from scrapers.sources import jsonld

# (source, fixture, origin, count, fields of the first posting)
CASES: list[tuple[str, str, str | None, int, dict[str, Any]]] = [
    (
        "greenhouse",
        "greenhouse_airbnb.json",
        "airbnb",
        2,
        {
            "source_id": "7995153",
            "title": "Acquisition Manager",
            "company": "Airbnb",
            "url": "https://careers.airbnb.com/positions/7995153?gh_jid=7995153",
            "country": "DE",
            "city": "Berlin",
            "posted_at": datetime(2026, 6, 10, 12, 50, 56, tzinfo=UTC),
        },
    ),
    (
        "lever",
        "lever_jumpcloud.json",
        "jumpcloud",
        2,
        {
            "title": "Account Executive, North America SMB - India",
            "country": "IN",
            "remote": "remote",
            "employment_type": "full_time",
            "apply_url": "https://jobs.lever.co/jumpcloud/7d6cc0b4-a5f9-4f02-8542-7fc1eb5749e2/apply",
        },
    ),
    (
        "lever",
        "lever_spotify.json",
        "spotify",
        2,
        {
            "title": "Accounts Payable Analyst",
            "country": "US",
            "city": "New York",
            "remote": "hybrid",
            "salary_min": 66189.0,
            "salary_max": 94556.0,
            "salary_currency": "USD",
            "salary_period": "year",
        },
    ),
    (
        "ashby",
        "ashby_ramp.json",
        "ramp",
        3,
        {
            "title": "Security Engineer, Cloud",
            "company": "Ramp",
            "remote": "hybrid",
            "country": "US",
            "salary_min": 211400.0,
            "salary_max": 290600.0,
            "salary_currency": "USD",
            "employment_type": "full_time",
        },
    ),
    (
        "workable",
        "workable_zego.json",
        "zego",
        3,
        {
            "title": "Claims Fraud Triage Handler",
            "company": "Zego",
            "country": "GB",
            "city": "Halifax",
            "url": "https://apply.workable.com/j/0897A038EC",
        },
    ),
    (
        "smartrecruiters",
        "smartrecruiters_automationanywhere.json",
        None,
        3,
        {
            "title": "Pricing Analyst",
            "company": "Automation Anywhere",
            "country": "US",
            "city": "San Jose",
            "seniority": "senior",
            "employment_type": "full_time",
        },
    ),
    (
        "smartrecruiters",
        "smartrecruiters_visa.json",
        None,
        2,
        {"title": "Director", "company": "Visa", "country": "IN", "seniority": "executive"},
    ),
    (
        "recruitee",
        "recruitee_channable.json",
        None,
        2,
        {
            "title": "Account Executive France",
            "company": "Channable",
            "country": "NL",
            "remote": "hybrid",
            "salary_min": 5253.0,
            "salary_max": 6152.0,
            "salary_currency": "EUR",
            "salary_period": "month",
        },
    ),
    ("recruitee", "recruitee_aikido.json", None, 3, {"country": "IL", "remote": "remote"}),
    (
        "remoteok",
        "remoteok.json",
        None,
        3,
        {
            "company": "Women Builders Council",
            "remote": "remote",
            "salary_min": 60000.0,
            "salary_max": 90000.0,
            "salary_currency": "USD",
            "url": "https://remoteok.com/remote-jobs/remote-sdf-women-builders-council-1133263",
        },
    ),
    (
        "remotive",
        "remotive.json",
        None,
        3,
        {
            "title": "Business Transformation Lead",
            "company": "Expion Health",
            "country": "US",
            "remote": "remote",
            "salary_min": 175000.0,
            "salary_max": 225000.0,
        },
    ),
    (
        "arbeitnow",
        "arbeitnow.json",
        None,
        2,
        {
            "company": "Schulz Digital GmbH",
            "city": "Cologne",
            "country": "DE",
            "remote": "remote",
            "employment_type": "full_time",
        },
    ),
    (
        "weworkremotely",
        "weworkremotely.rss",
        None,
        2,
        {
            "title": "Senior Backend Engineer (Python)",
            "company": "Northwind Analytics",
            "country": "DE",
            "remote": "remote",
            "salary_min": 70000.0,
            "salary_currency": "EUR",
            "seniority": "senior",
            "years_min": 5.0,
            "visa_sponsorship": False,
        },
    ),
    (
        "himalayas",
        "himalayas.json",
        None,
        3,
        {
            "title": "Remote Java Architect",
            "company": "Nymphis Technologies",
            "remote": "remote",
            "country": None,
            "seniority": "senior",
        },
    ),
    (
        "jobicy",
        "jobicy.json",
        None,
        3,
        {
            "company": "Abbott",
            "country": "US",
            "remote": "remote",
            "salary_min": 78000.0,
            "salary_max": 156000.0,
            "salary_period": "year",
        },
    ),
    (
        "hackernews",
        "hackernews_items.json",
        None,
        5,
        {
            "title": "Founding Sr Backend Engineer",
            "company": "Neon Health",
            "remote": "remote",
            "salary_min": 170000.0,
            "salary_max": 225000.0,
            "salary_currency": "USD",
            "url": "https://news.ycombinator.com/item?id=44159535",
        },
    ),
    (
        "hh",
        "hh_vacancies.json",
        None,
        3,
        {
            "title": "Senior Python-разработчик",
            "city": "Москва",
            "country": "RU",
            "remote": "remote",
            "salary_min": 250000.0,
            "salary_max": 350000.0,
            "salary_currency": "RUB",
            "salary_period": "month",
            "seniority": "senior",
            "years_min": 3.0,
            "posted_at": datetime(2026, 6, 15, 9, 30, tzinfo=UTC),
        },
    ),
    (
        "jsonld",
        "jsonld_page.html",
        None,
        1,
        {
            "title": "Platform Engineer",
            "company": "Lakeside Robotics",
            "country": "CA",
            "city": "Toronto",
            "remote": "hybrid",
            "salary_min": 120000.0,
            "salary_currency": "CAD",
            "url": "https://careers.lakeside-robotics.example/jobs/platform-engineer",
        },
    ),
    (
        "generic",
        "generic.jsonl",
        None,
        3,
        {
            "title": "Data Engineer",
            "company": "Acme Logistics",
            "country": "US",
            "city": "Austin",
            "salary_min": 120000.0,
            "salary_max": 150000.0,
            "years_min": 4.0,
        },
    ),
]

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


@pytest.mark.parametrize(
    ("source", "fixture", "origin", "count", "expected"), CASES, ids=[c[1] for c in CASES]
)
def test_parse_recorded_payload(payload, source, fixture, origin, count, expected):
    postings = SOURCES[source].parse(payload(fixture), origin)
    assert len(postings) == count
    for posting in postings:
        assert Posting.model_validate_json(posting.model_dump_json()) == posting
        assert posting.source == source and posting.title
        assert posting.url.startswith("https://") or source == "generic"
        assert posting.posted_at is None or posting.posted_at.utcoffset().total_seconds() == 0
    first = postings[0]
    for field, value in expected.items():
        assert getattr(first, field) == value, field
    assert len({p.id for p in postings}) == count


def test_every_registry_source_has_a_fixture():
    assert {c[0] for c in CASES} == set(SOURCES)
    assert len(SOURCES) == 16


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


def test_hackernews_reads_a_comment_search_response(payload):
    import json

    thread = json.loads(payload("hackernews_items.json"))
    hits = [
        {
            "objectID": str(c["id"]),
            "comment_text": c["text"],
            "parent_id": c["parent_id"],
            "story_id": c["story_id"],
            "created_at_i": c["created_at_i"],
            "author": c["author"],
        }
        for c in thread["children"]
        if c["text"]
    ]
    payload = json.dumps({"hits": hits, "nbHits": len(hits), "page": 0})
    postings = SOURCES["hackernews"].parse(payload)
    assert [p.source_id for p in postings] == [
        str(c["id"]) for c in thread["children"] if c["text"]
    ]


def test_jsonld_reads_every_board_it_detects_through_that_board_source() -> None:
    # jsonld keeps its own table of boards (the registry imports jsonld, not the reverse)
    assert {name for name, _ in jsonld.EMBEDS} == set(jsonld.BOARDS)
    assert all(jsonld.BOARDS[name] is SOURCES[name] for name in jsonld.BOARDS)
