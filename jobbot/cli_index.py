"""``jobbot ingest`` and ``jobbot dedup``: Posting JSONL into the index, or just clustered.

A malformed line is reported with its line number and skipped; the rest still goes in.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from core.models import Posting
from core.settings import Settings, load_settings
from jobbot.postings import read_postings
from search.ingest import IngestCounts

MEMORY_INDEX = "sqlite:///:memory:"  # dedup's throw-away index


async def _ingest(settings: Settings, postings: list[Posting], expire: bool) -> IngestCounts:
    from runtime.deps import open_deps  # here: the CLI starts without the bot's imports

    async with open_deps(settings, {"ingestor"}) as deps:
        return await deps["ingestor"].ingest(postings, expire=expire)


async def cluster_rows(settings: Settings, postings: list[Posting]) -> list[dict[str, str | None]]:
    """``{id, cluster, reason}`` per posting, from a throw-away in-memory index."""
    from runtime.deps import local_embeddings, open_deps

    async with open_deps(local_embeddings(settings), {"ingestor"}, search_url=MEMORY_INDEX) as deps:
        counts = await deps["ingestor"].ingest(postings, expire=False)
        entries = await deps["backend"].get(list(dict.fromkeys(counts.clusters.values())))
    why = {r["posting_id"]: r["reason"] for e in entries for r in e.merge_reasons}
    return [
        {"id": p.id, "cluster": counts.clusters.get(p.id), "reason": why.get(p.id)}
        for p in postings
    ]


def ingest(
    file: Annotated[Path, typer.Argument(help="Posting JSONL, one posting per line.")],
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Postings → dedup → index (SEARCH__URL); prints new / merged / updated counts."""
    settings = load_settings()
    postings, problems = read_postings(file)
    counts = asyncio.run(_ingest(settings, postings, True))
    problems += counts.problems
    if as_json:
        print(json.dumps({**counts.as_dict(), "problems": problems}, indent=2))
    else:
        print(" · ".join(f"{name} {value}" for name, value in counts.as_dict().items()))
        for line in problems:
            print(f"skipped {line}", file=sys.stderr)


def dedup(
    file: Annotated[Path, typer.Argument(help="Posting JSONL, one posting per line.")],
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Cluster ids for the given postings; the index is not touched."""
    settings = load_settings()
    postings, problems = read_postings(file)
    rows = asyncio.run(cluster_rows(settings, postings))
    if as_json:
        print(json.dumps({"postings": rows, "problems": problems}, indent=2))
    else:
        for row in rows:
            print(f"{row['id']}\t{row['cluster']}\t{row['reason'] or ''}")
        for line in problems:
            print(f"skipped {line}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app`` (``jobbot.cli`` calls it; nothing here imports the CLI)."""
    app.command("ingest")(ingest)
    app.command("dedup")(dedup)
