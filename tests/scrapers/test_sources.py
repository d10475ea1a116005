"""Every source parses its recorded payload into valid Postings carrying the payload's fields
(the payloads and expectations: tests/source_cases.py)."""

from __future__ import annotations

import pytest
from source_cases import CASES

from core.models import Posting
from scrapers.registry import SOURCES
from scrapers.sources import jsonld


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
