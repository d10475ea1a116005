"""``jobbot demo``: offline on a fresh machine, with the bundled real data.

Ingests ``postings.jsonl`` (real postings, see ATTRIBUTION.md) into an embedded index in a
temporary folder, reads the bundled sample resume, and prints the ranked matches with their
tiers, scores and reasons. Nothing outside the temporary folder is written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console

from core.settings import Settings
from jobbot.demo.render import render_matches, render_profile

HERE = Path(__file__).resolve().parent
POSTINGS = HERE / "postings.jsonl"
RESUME = HERE / "resume.pdf"


async def run_demo(settings: Settings, *, top: int = 8) -> None:
    from jobbot.cli_match import load_postings
    from scoring.llm import build_cascade
    from scoring.matcher import Match, Matcher
    from scoring.pipeline import rank_resume
    from scoring.profile import Profile
    from scoring.resume import read_resume
    from search.backends import from_url
    from search.embeddings import LocalEmbedder
    from search.ingest import Ingestor

    console = Console()

    def show_profile(profile: Profile) -> None:
        render_profile(profile.model_dump(mode="json"), console)

    def show_first(first: list[Match]) -> None:
        console.print(f"First list ready from embeddings: {len(first)} matches "
                      f"(threshold {first[0].threshold if first else '—'}). Grading…")

    postings = load_postings(POSTINGS)
    embedder = LocalEmbedder()
    cascade = build_cascade(settings.llm)
    with tempfile.TemporaryDirectory(prefix="jobbot-demo-") as folder:
        backend = from_url(f"sqlite:///{Path(folder) / 'index.sqlite'}")
        try:
            with console.status(f"Indexing {len(postings)} real postings…"):
                counts = await Ingestor(backend, embedder).ingest(postings, expire=False)
            console.print(f"Indexed: {counts.as_dict()}")
            text = read_resume(RESUME.read_bytes(), filename=RESUME.name)
            matcher = Matcher(backend, embedder, cascade, settings.match, settings.llm)
            ranking = await rank_resume(text, matcher, top=top, on_profile=show_profile,
                                        on_first_list=show_first)
        finally:
            await cascade.close()
            await backend.close()
    render_matches(ranking.matches, console)
    providers = "rules (no LLM key set)" if not cascade.has_providers else "LLM cascade"
    console.print(f"[dim]Rubric by {providers}; blend {settings.match.embed_weight:g}·embed + "
                  f"{1 - settings.match.embed_weight:g}·rubric.[/]")
