"""``jobbot parse-payload`` prints valid Posting JSONL for every source's payload, offline;
``jobbot scrape`` runs a source through the HTTP layer and records it in PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest
from typer.testing import CliRunner

from core.models import Posting
from jobbot.cli import app

PAYLOADS = [
    ("greenhouse", "greenhouse_airbnb.json", 2),
    ("lever", "lever_jumpcloud.json", 2),
    ("ashby", "ashby_ramp.json", 3),
    ("workable", "workable_zego.json", 3),
    ("smartrecruiters", "smartrecruiters_visa.json", 2),
    ("recruitee", "recruitee_channable.json", 2),
    ("remoteok", "remoteok.json", 3),
    ("remotive", "remotive.json", 3),
    ("arbeitnow", "arbeitnow.json", 2),
    ("weworkremotely", "weworkremotely.rss", 2),
    ("himalayas", "himalayas.json", 3),
    ("jobicy", "jobicy.json", 3),
    ("hackernews", "hackernews_items.json", 5),
    ("hh", "hh_vacancies.json", 3),
    ("jsonld", "jsonld_page.html", 1),
    ("generic", "generic.jsonl", 3),
]


@pytest.mark.parametrize(("source", "fixture", "count"), PAYLOADS)
def test_parse_payload_prints_posting_jsonl(fixtures_dir, source, fixture, count):
    result = CliRunner().invoke(
        app, ["parse-payload", "--source", source, str(fixtures_dir / fixture)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == count
    assert all(Posting.model_validate(json.loads(line)).source == source for line in lines)


def test_parse_payload_reports_bad_input(tmp_path):
    broken = tmp_path / "board.json"
    broken.write_text('{"jobs": [', encoding="utf-8")
    result = CliRunner().invoke(app, ["parse-payload", "--source", "greenhouse", str(broken)])
    assert result.exit_code == 1 and "truncated" in result.stderr
    unknown = CliRunner().invoke(app, ["parse-payload", "--source", "nope", str(broken)])
    assert unknown.exit_code == 1 and "known sources" in unknown.stderr


async def test_scrape_command_runs_and_records(site, payload, pg_pool, pg_dsn, tmp_path):
    site.add("/feed.jsonl", site.reply(200, payload("generic.jsonl")))
    companies = tmp_path / "companies.toml"
    companies.write_text(f'[generic]\nfeeds = ["{site.url}/feed.jsonl"]\n', encoding="utf-8")
    env = {
        **os.environ,
        "POSTGRES__DSN": pg_dsn,
        "SCRAPE__COMPANIES_FILE": str(companies),
        "SCRAPE__ALLOW_PRIVATE_HOSTS": "true",
        "SCRAPE__MIN_GAP_S": "0",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jobbot",
        "scrape",
        "generic",
        "--json",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    result = json.loads(out.decode().strip().splitlines()[-1])
    assert result["source"] == "generic" and result["status"] == "ok"
    assert result["counts"]["new"] == 3
    stored = await pg_pool.fetchval(
        "SELECT count(*) FROM scraped_postings WHERE source = 'generic'"
    )
    assert stored == 3
