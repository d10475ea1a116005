"""A saved dump may hold a source API's envelope or a bare list of its items: both parse to
the same Postings, through the source and through ``jobbot parse-payload``. The bare lists
are made here from the recorded envelopes (tests/fixtures/sources)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jobbot.cli import app
from scrapers.errors import PayloadError
from scrapers.registry import SOURCES

# (source, envelope fixture, key holding the items, origin): every source whose items stand
# alone; lever and remoteok answer with a bare list already, the rest are not JSON lists.
ENVELOPES = [
    ("hh", "hh_vacancies.json", "items", None),
    ("ashby", "ashby_ramp.json", "jobs", "ramp"),
    ("greenhouse", "greenhouse_airbnb.json", "jobs", "airbnb"),
    ("workable", "workable_zego.json", "jobs", "zego"),
    ("smartrecruiters", "smartrecruiters_visa.json", "content", None),
    ("recruitee", "recruitee_channable.json", "offers", None),
    ("remotive", "remotive.json", "jobs", None),
    ("arbeitnow", "arbeitnow.json", "data", None),
    ("himalayas", "himalayas.json", "jobs", None),
    ("jobicy", "jobicy.json", "jobs", None),
    ("hackernews", "hackernews_items.json", "children", None),
]


def bare_list(envelope: bytes, key: str) -> bytes:
    return json.dumps(json.loads(envelope)[key], ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("source", "fixture", "key", "origin"), ENVELOPES, ids=[e[0] for e in ENVELOPES]
)
def test_bare_list_parses_like_the_envelope(payload, source, fixture, key, origin):
    envelope = payload(fixture)
    from_envelope = SOURCES[source].parse(envelope, origin)
    from_list = SOURCES[source].parse(bare_list(envelope, key), origin)
    assert from_envelope
    assert [p.model_dump() for p in from_list] == [p.model_dump() for p in from_envelope]


def test_hh_bare_list_through_the_cli(fixtures_dir, tmp_path):
    dump = tmp_path / "hh_items.json"
    dump.write_bytes(bare_list((fixtures_dir / "hh_vacancies.json").read_bytes(), "items"))
    result = CliRunner().invoke(app, ["parse-payload", "--source", "hh", str(dump)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["title"] == "Senior Python-разработчик"
    assert len(rows) == 3 and {r["source"] for r in rows} == {"hh"}


@pytest.mark.parametrize(
    "source", ["hh", "ashby", "greenhouse", "workable", "smartrecruiters", "hackernews"]
)
def test_a_list_of_non_objects_is_refused_clearly(source):
    with pytest.raises(PayloadError, match="list of"):
        SOURCES[source].parse(b'["not a job", 3]')


def test_an_envelope_without_its_list_names_both_shapes():
    with pytest.raises(PayloadError, match="`items` list, or a list of its items"):
        SOURCES["hh"].parse(b'{"found": 0}')
