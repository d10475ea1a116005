"""Bad payloads fail loudly and lose nothing: truncated JSON, HTML instead of JSON, empty
boards, and the fetch-level failures as a source sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.base import FetchContext
from scrapers.errors import Blocked, PayloadError
from scrapers.registry import SOURCES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
JSON_SOURCES = [
    ("greenhouse", "greenhouse_airbnb.json"), ("lever", "lever_spotify.json"),
    ("ashby", "ashby_ramp.json"), ("workable", "workable_zego.json"),
    ("smartrecruiters", "smartrecruiters_visa.json"), ("recruitee", "recruitee_channable.json"),
    ("remoteok", "remoteok.json"), ("remotive", "remotive.json"),
    ("arbeitnow", "arbeitnow.json"), ("himalayas", "himalayas.json"), ("jobicy", "jobicy.json"),
    ("hackernews", "hackernews_items.json"), ("hh", "hh_vacancies.json"),
]
EMPTY = {
    "greenhouse": b'{"jobs": [], "meta": {"total": 0}}', "lever": b"[]",
    "ashby": b'{"apiVersion": "1", "jobs": []}', "workable": b'{"name": "X", "jobs": []}',
    "smartrecruiters": b'{"offset": 0, "limit": 100, "totalFound": 0, "content": []}',
    "recruitee": b'{"offers": []}', "remoteok": b'[{"legal": "terms"}]',
    "remotive": b'{"job-count": 0, "jobs": []}', "arbeitnow": b'{"data": [], "links": {}}',
    "himalayas": b'{"totalCount": 0, "jobs": []}', "jobicy": b'{"jobCount": 0, "jobs": []}',
    "hackernews": b'{"id": 1, "children": []}', "hh": b'{"items": [], "found": 0}',
    "weworkremotely": b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                      b"</channel></rss>",
    "jsonld": b"<html><head></head><body>No jobs right now.</body></html>", "generic": b"",
}


@pytest.mark.parametrize(("source", "fixture"), JSON_SOURCES)
def test_truncated_json_is_a_payload_error(source, fixture):
    body = (FIXTURES / fixture).read_bytes()
    with pytest.raises(PayloadError, match="truncated"):
        SOURCES[source].parse(body[: len(body) // 2])


@pytest.mark.parametrize(("source", "fixture"), JSON_SOURCES)
def test_html_instead_of_json_is_a_payload_error(source, fixture):
    with pytest.raises(PayloadError, match="HTML"):
        SOURCES[source].parse(b"<!DOCTYPE html><html><body>Sign in</body></html>")


@pytest.mark.parametrize("source", sorted(EMPTY))
def test_empty_board_gives_no_postings(source):
    assert SOURCES[source].parse(EMPTY[source]) == []


def test_rss_source_refuses_json():
    with pytest.raises(PayloadError):
        SOURCES["weworkremotely"].parse(b'{"jobs": []}')


def test_generic_names_the_bad_line():
    with pytest.raises(PayloadError, match="line 2"):
        SOURCES["generic"].parse(b'{"title": "A"}\n{"title": \n')


def test_hostile_text_is_cleaned_not_executed():
    html = ('{"jobs": [{"id": 1, "title": "<script>alert(1)</script>Engineer",'
            ' "absolute_url": "https://x.example/j/1",'
            ' "content": "&lt;style&gt;p{}&lt;/style&gt;&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;"}]}')
    posting = SOURCES["greenhouse"].parse(html)[0]
    assert posting.title == "Engineer" and posting.description == "Hi & bye"


async def test_one_failing_company_does_not_stop_the_others(site, make_http, scrape_settings):
    board = (FIXTURES / "greenhouse_airbnb.json").read_bytes()
    site.add("/v1/boards/good/jobs", site.reply(200, board))
    site.add("/v1/boards/broken/jobs", site.reply(200, b'{"jobs": [ {"id": 1,'))
    config = {"greenhouse": {"companies": ["broken", "missing", "good"]}}
    ctx = FetchContext(make_http(), scrape_settings, config, "greenhouse", 0.0, site.url)
    postings = await SOURCES["greenhouse"].fetch(ctx)
    assert len(postings) == 2
    assert len(ctx.errors) == 2 and "truncated" in ctx.errors[0] and "404" in ctx.errors[1]


async def test_a_challenge_stops_the_source(site, make_http, scrape_settings):
    site.add("/v1/boards/a/jobs", site.reply(503, "<title>Just a moment...</title>"))
    config = {"greenhouse": {"companies": ["a", "b"]}}
    ctx = FetchContext(make_http(), scrape_settings, config, "greenhouse", 0.0, site.url)
    with pytest.raises(Blocked):
        await SOURCES["greenhouse"].fetch(ctx)
    assert site.hits("/v1/boards/b/jobs") == []


async def test_304_yields_nothing_and_costs_nothing(site, make_http, scrape_settings):
    body = (FIXTURES / "remotive.json").read_bytes()
    site.add("/api/remote-jobs", site.reply(200, body, {"ETag": '"abc"'}), site.reply(304))
    http = make_http()
    first = FetchContext(http, scrape_settings, {}, "remotive", 0.0, site.url)
    assert len(await SOURCES["remotive"].fetch(first)) == 3
    second = FetchContext(http, scrape_settings, {}, "remotive", 0.0, site.url)
    assert await SOURCES["remotive"].fetch(second) == []
    assert second.not_modified == 1 and second.fetched == 0


async def test_hackernews_thread_search_that_is_not_an_object_is_a_payload_error(
        site, make_http, scrape_settings):
    site.add("/api/v1/search_by_date", site.reply(200, b"[]"))
    ctx = FetchContext(make_http(), scrape_settings, {}, "hackernews", 0.0, site.url)
    with pytest.raises(PayloadError, match="expected a JSON object"):
        await SOURCES["hackernews"].fetch(ctx)
