"""``jobbot parse-resume`` and ``jobbot match`` through the real typer app (no LLM keys:
the rule-based rubric grades)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import Posting
from jobbot.cli import app

RESUMES = Path(__file__).resolve().parent.parent / "fixtures" / "resumes"


@pytest.fixture
def no_llm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for name in ("LLM__OPENAI_API_KEY", "LLM__GROQ_API_KEY"):
        monkeypatch.setenv(name, "")
    return tmp_path


def test_parse_resume_json(no_llm: Path) -> None:
    result = CliRunner().invoke(
        app, ["parse-resume", str(RESUMES / "soupboss_sample_resume.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["text"].startswith("John Smith")
    names = {s["name"] for s in data["profile"]["skills"]}
    assert {"Python", "PostgreSQL", "Amazon Web Services", "Kubernetes"} <= names
    assert data["profile"]["seniority"] == "senior"


def test_parse_resume_bad_file_is_a_clear_error(no_llm: Path) -> None:
    bad = no_llm / "photo.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = CliRunner().invoke(app, ["parse-resume", str(bad), "--json"])
    assert result.exit_code == 2
    assert "picture" in result.stderr


def test_match_all_ranks_every_posting_with_the_full_blend(
    no_llm: Path, postings: list[Posting]
) -> None:
    path = no_llm / "postings.jsonl"
    lines = [p.model_dump_json() for p in postings] + ['{"id": "broken"}']
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(
        app,
        [
            "match",
            str(RESUMES / "resume_matcher_raw_resume_1_john_smith.pdf"),
            "--postings",
            str(path),
            "--all",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "postings.jsonl:6" in result.stderr  # the broken line is named, the rest is ranked
    ranked = json.loads(result.stdout)
    assert len(ranked) == len(postings)
    assert ranked[0]["title"] in {"Senior Python Developer", "Machine Learning Engineer"}
    assert ranked[-1]["title"] in {"Pastry Chef", "Accountant"}
    scores = [m["final_score"] for m in ranked]
    assert scores == sorted(scores, reverse=True)
    for match in ranked:
        assert set(match) == {
            "id",
            "title",
            "company",
            "url",
            "embed_score",
            "llm_score",
            "final_score",
            "tier",
            "provider",
            "reasons",
        }
        assert match["provider"] == "rules" and match["llm_score"] is not None
        assert {"strengths", "gaps"} <= set(match["reasons"])


def test_demo_runs_offline_on_the_bundled_data(no_llm: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--top", "3"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Indexed" in out and "Profile (rules)" in out and "Matches" in out
    assert any(tier in out for tier in ("strong", "good", "stretch"))
    assert "Rubric by rules" in out
