"""``jobbot parse-resume`` and ``jobbot match``: the matcher from the shell (demo: ``cli_demo``).

``--json`` output is the stable contract of DESIGN.md. Without ``--postings``, ``match``
searches the index named by ``SEARCH__URL``. The LLM is used when keys are set; otherwise
the rule-based rubric grades every match. State (ledger, cache) stays in memory here.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from core.models import Posting
from core.settings import Settings, load_settings
from jobbot.postings import load_postings
from scoring.errors import ScoringError
from scoring.match import Match


def _read_text(path: Path) -> str:
    from scoring.resume import read_resume

    try:
        return read_resume(path.read_bytes(), filename=path.name)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}") from exc


def match_json(match: Match) -> dict[str, Any]:
    posting = match.posting
    return {
        "id": posting.id,
        "title": posting.title,
        "company": posting.company,
        "url": posting.url,
        "embed_score": match.embed_score,
        "llm_score": match.llm_score,
        "final_score": match.final_score,
        "tier": match.tier,
        "provider": match.provider,
        "reasons": match.reasons.model_dump(mode="json"),
    }


async def rank(
    settings: Settings, text: str, postings: list[Posting] | None, *, top: int, keep_all: bool
) -> list[Match]:
    """The match pipeline (:mod:`scoring.pipeline`) on the given postings or the index."""
    from runtime.deps import open_deps
    from scoring.pipeline import rank_resume

    # the index only when no postings are given; no pool: cache and ledger stay in memory
    need = {"matcher"} if postings is not None else {"matcher", "backend"}
    async with open_deps(settings, need) as deps:
        ranking = await rank_resume(
            text, deps["matcher"], top=top, postings=postings, keep_all=keep_all
        )
    return ranking.matches


def parse_resume(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX or text resume.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print {text, profile} as JSON.")] = False,
) -> None:
    """Read a resume and print its text and profile."""
    from runtime.deps import open_deps
    from scoring.profile import extract_profile

    settings = load_settings()

    async def run(text: str) -> dict[str, Any]:
        async with open_deps(settings, {"cascade"}) as deps:
            profile = await extract_profile(text, deps["cascade"])
        return profile.model_dump(mode="json")

    try:
        text = _read_text(file)
        profile = asyncio.run(run(text))
    except ScoringError as exc:
        print(str(exc), file=sys.stderr)
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps({"text": text, "profile": profile}, ensure_ascii=False, indent=2))
        return
    from jobbot.demo.render import render_profile

    render_profile(profile)


def match(
    resume: Annotated[Path, typer.Argument(help="PDF, DOCX or text resume.")],
    postings_file: Annotated[
        Path | None, typer.Option("--postings", help="Rank these JSONL postings.")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many matches to show.")] = 10,
    rank_all: Annotated[
        bool, typer.Option("--all", help="Rank every posting, no threshold.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank postings for a resume: embedding score, rubric, blend, tier and reasons."""
    settings = load_settings()
    try:
        text = _read_text(resume)
        postings = load_postings(postings_file) if postings_file else None
        matches = asyncio.run(rank(settings, text, postings, top=top, keep_all=rank_all))
    except ScoringError as exc:
        print(str(exc), file=sys.stderr)
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps([match_json(m) for m in matches], ensure_ascii=False, indent=2))
        return
    from jobbot.demo.render import render_matches

    render_matches(matches)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app`` (``jobbot.cli`` calls it; nothing here imports the CLI)."""
    app.command("parse-resume")(parse_resume)
    app.command("match")(match)
