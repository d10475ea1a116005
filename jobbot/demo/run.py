"""``jobbot demo``: offline on a fresh machine, with the bundled real data.

Ingests ``postings.jsonl`` (real postings, see ATTRIBUTION.md) into an embedded index in a
temporary folder, reads the bundled sample resume, and prints the ranked matches with their
tiers, scores and reasons. Nothing outside the temporary folder is written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from core.settings import Settings
from jobbot.demo.render import render_matches, render_profile

if TYPE_CHECKING:
    from scoring.pipeline import Ranking

HERE = Path(__file__).resolve().parent
POSTINGS = HERE / "postings.jsonl"
RESUME = HERE / "resume.pdf"


async def demo_ranking(
    settings: Settings, *, top: int = 8, console: Console | None = None
) -> Ranking:
    """Index the bundled postings in a temporary folder and rank the sample resume on them
    (what ``jobbot demo`` prints; tests hold its rules on this same output)."""
    from jobbot.postings import load_postings
    from runtime.deps import local_embeddings, open_deps
    from scoring.match import Match
    from scoring.pipeline import rank_resume
    from scoring.profile import Profile
    from scoring.resume import read_resume

    out = console or Console(quiet=True)

    def show_profile(profile: Profile) -> None:
        render_profile(profile.model_dump(mode="json"), out)

    def show_first(first: list[Match]) -> None:
        out.print(
            f"First list ready (embedding, skills, level, stack, title): {len(first)} "
            f"matches (threshold {first[0].threshold if first else '—'}). Grading…"
        )

    postings = load_postings(POSTINGS)
    settings = local_embeddings(settings)
    with tempfile.TemporaryDirectory(prefix="jobbot-demo-") as folder:
        index = f"sqlite:///{Path(folder) / 'index.sqlite'}"
        # no pool: the demo writes nothing outside its folder (cache and ledger in memory)
        async with open_deps(settings, {"ingestor", "matcher"}, search_url=index) as deps:
            with out.status(f"Indexing {len(postings)} real postings…"):
                counts = await deps["ingestor"].ingest(postings, expire=False)
            out.print(f"Indexed: {counts.as_dict()}")
            text = read_resume(RESUME.read_bytes(), filename=RESUME.name)
            return await rank_resume(
                text, deps["matcher"], top=top, on_profile=show_profile, on_first_list=show_first
            )


async def run_demo(settings: Settings, *, top: int = 8) -> None:
    console = Console()
    ranking = await demo_ranking(settings, top=top, console=console)
    render_matches(ranking.matches, console)
    keys = settings.llm.openai_api_key, settings.llm.groq_api_key
    providers = (
        "LLM cascade" if any(k.get_secret_value() for k in keys) else "rules (no LLM key set)"
    )
    blend = (
        "learned weights (scoring/data/blend_weights.json)"
        if settings.match.blend == "learned"
        else f"{settings.match.embed_weight:g}·embed + {1 - settings.match.embed_weight:g}·rubric"
    )
    console.print(
        f"[dim]Rubric by {providers}; blend: {blend}; postings more than one level "
        f"from the resume are left out.[/]"
    )
