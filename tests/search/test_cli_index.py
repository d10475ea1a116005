"""``jobbot ingest`` and ``jobbot dedup`` on real postings (tests/fixtures/index)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobbot.cli import app

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "index" / "postings.jsonl"
# Line 10 is a board's copy of line 1, line 11 an agency's copy of line 2 (1-based).
COPIES = {9: 0, 10: 1}

# The reasons an agency's copy of an employer's posting is merged for (search.dedup.copies).
COPY_REASONS = {"agency_copy", "names_employer", "same_contact", "staffing_name", "unnamed_copy"}


def ids() -> list[str]:
    return [json.loads(line)["id"] for line in FIXTURE.read_text().splitlines()]


def test_dedup_prints_clusters_and_touches_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEARCH__URL", f"sqlite:///{tmp_path}/never.sqlite")
    result = CliRunner().invoke(app, ["dedup", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["postings"]
    posting_ids = ids()
    assert [r["id"] for r in rows] == posting_ids
    for n, row in enumerate(rows):
        assert row["cluster"] == posting_ids[COPIES.get(n, n)]
    assert rows[9]["reason"] in {"fingerprint", "vector"} and rows[10]["reason"] in COPY_REASONS
    assert not (tmp_path / "never.sqlite").exists()


def test_ingest_counts_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEARCH__URL", f"sqlite:///{tmp_path}/index.sqlite")
    data = tmp_path / "postings.jsonl"
    lines = FIXTURE.read_text().splitlines()
    data.write_text("\n".join([*lines, '{"id": "x", "title": ""}', "not json"]) + "\n")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(data), "--json"])
    assert first.exit_code == 0, first.output
    counts = json.loads(first.stdout)
    assert (counts["new"], counts["merged"]) == (10, 2)
    assert [p.split(":")[1] for p in counts["problems"]] == ["13", "14"]  # line numbers
    second = json.loads(runner.invoke(app, ["ingest", str(data), "--json"]).stdout)
    assert (second["new"], second["merged"], second["unchanged"]) == (0, 0, 12)
