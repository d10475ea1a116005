"""Bad payloads fail loudly and lose nothing: truncated JSON, HTML instead of JSON, empty
boards, and the fetch-level failures as a source sees them."""

from __future__ import annotations

import pytest

from scrapers.errors import Blocked, PayloadError
from scrapers.registry import SOURCES

JSON_SOURCES = [
    ("greenhouse", "greenhouse_airbnb.json"),
    ("lever", "lever_spotify.json"),
    ("ashby", "ashby_ramp.json"),
    ("workable", "workable_zego.json"),
    ("smartrecruiters", "smartrecruiters_visa.json"),
    ("recruitee", "recruitee_channable.json"),
    ("remoteok", "remoteok.json"),
    ("remotive", "remotive.json"),
    ("arbeitnow", "arbeitnow.json"),
    ("himalayas", "himalayas.json"),
    ("jobicy", "jobicy.json"),
    ("hackernews", "hackernews_items.json"),
    ("hh", "hh_vacancies.json"),
]
EMPTY = {
    "greenhouse": b'{"jobs": [], "meta": {"total": 0}}',
    "lever": b"[]",
    "ashby": b'{"apiVersion": "1", "jobs": []}',
    "workable": b'{"name": "X", "jobs": []}',
    "smartrecruiters": b'{"offset": 0, "limit": 100, "totalFound": 0, "content": []}',
    "recruitee": b'{"offers": []}',
    "remoteok": b'[{"legal": "terms"}]',
    "remotive": b'{"job-count": 0, "jobs": []}',
    "arbeitnow": b'{"data": [], "links": {}}',
    "himalayas": b'{"totalCount": 0, "jobs": []}',
    "jobicy": b'{"jobCount": 0, "jobs": []}',
    "hackernews": b'{"id": 1, "children": []}',
    "hh": b'{"items": [], "found": 0}',
    "weworkremotely": b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
    b"</channel></rss>",
    "jsonld": b"<html><head></head><body>No jobs right now.</body></html>",
    "generic": b"",
}


@pytest.mark.parametrize(("source", "fixture"), JSON_SOURCES)
def test_truncated_json_is_a_payload_error(payload, source, fixture):
    body = payload(fixture)
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
    html = (
        '{"jobs": [{"id": 1, "title": "<script>alert(1)</script>Engineer",'
        ' "absolute_url": "https://x.example/j/1",'
        ' "content": "&lt;style&gt;p{}&lt;/style&gt;&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;"}]}'
    )
    posting = SOURCES["greenhouse"].parse(html)[0]
    assert posting.title == "Engineer" and posting.description == "Hi & bye"


async def test_one_failing_company_does_not_stop_the_others(site, fetch_ctx, payload):
    board = payload("greenhouse_airbnb.json")
    site.add("/v1/boards/good/jobs", site.reply(200, board))
    site.add("/v1/boards/broken/jobs", site.reply(200, b'{"jobs": [ {"id": 1,'))
    config = {"greenhouse": {"companies": ["broken", "missing", "good"]}}
    ctx = fetch_ctx("greenhouse", config)
    postings = await SOURCES["greenhouse"].fetch(ctx)
    assert len(postings) == 2
    assert len(ctx.errors) == 2 and "truncated" in ctx.errors[0] and "404" in ctx.errors[1]


async def test_a_challenge_stops_the_source(site, fetch_ctx):
    site.add("/v1/boards/a/jobs", site.reply(503, "<title>Just a moment...</title>"))
    config = {"greenhouse": {"companies": ["a", "b"]}}
    ctx = fetch_ctx("greenhouse", config)
    with pytest.raises(Blocked):
        await SOURCES["greenhouse"].fetch(ctx)
    assert site.hits("/v1/boards/b/jobs") == []


async def test_304_yields_nothing_and_costs_nothing(site, make_http, fetch_ctx, payload):
    body = payload("remotive.json")
    site.add("/api/remote-jobs", site.reply(200, body, {"ETag": '"abc"'}), site.reply(304))
    http = make_http()
    first = fetch_ctx("remotive", http=http)
    assert len(await SOURCES["remotive"].fetch(first)) == 3
    second = fetch_ctx("remotive", http=http)
    assert await SOURCES["remotive"].fetch(second) == []
    assert second.not_modified == 1 and second.fetched == 0


async def test_hackernews_thread_search_that_is_not_an_object_is_a_payload_error(site, fetch_ctx):
    site.add("/api/v1/search_by_date", site.reply(200, b"[]"))
    ctx = fetch_ctx("hackernews")
    with pytest.raises(PayloadError, match="expected a JSON object"):
        await SOURCES["hackernews"].fetch(ctx)
