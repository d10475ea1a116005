"""``jobbot parse-payload`` (a saved payload -> Posting JSONL, no network) and
``jobbot scrape`` (run sources now through the polite HTTP layer, recorded in PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.settings import load_settings

if TYPE_CHECKING:
    from scrapers.runner import RunResult


def parse_payload(
    file: Annotated[Path, typer.Argument(help="A raw payload as the source returns it.")],
    source: Annotated[str, typer.Option("--source", help="Source name, e.g. greenhouse, hh.")],
    origin: str | None = typer.Option(
        None, "--origin", help="Company slug (ATS boards) or page URL (jsonld)."
    ),
) -> None:
    """Parse a saved payload into normalized Postings, one JSON object per line."""
    from scrapers.errors import ScrapeError
    from scrapers.registry import get_source

    try:
        postings = get_source(source).parse(file.read_bytes(), origin)
    except OSError as exc:
        typer.echo(f"cannot read {file}: {exc}", err=True)
        raise typer.Exit(2) from exc
    except ScrapeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    for posting in postings:
        sys.stdout.write(posting.model_dump_json() + "\n")


def scrape(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Source names; none = every enabled source.")
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON result per source."),
) -> None:
    """Run sources now; each run is recorded in PostgreSQL (scrape_runs, scraped_postings)."""
    from runtime.deps import open_deps
    from scrapers.errors import ScrapeError
    from scrapers.scheduler import chosen_sources, run_now

    settings = load_settings()

    async def run(names: list[str]) -> list[RunResult]:
        # one connection per source run (each holds its lock) and one to spare
        async with open_deps(
            settings, {"pool", "polite"}, pool_max=len(chosen_sources(names)) + 1
        ) as deps:
            return await run_now(settings, names, pool=deps["pool"], http=deps["polite"])

    try:
        results = asyncio.run(run(sources or []))
    except ScrapeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    for result in results:
        if as_json:
            print(json.dumps(asdict(result)))
        else:
            counts = " ".join(f"{k}={v}" for k, v in result.counts.items())
            print(f"{result.source:16} {result.status:8} {counts}")
            for error in result.errors:
                print(f"    {error}")
    if results and all(r.status in ("failed", "blocked") for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app`` (``jobbot.cli`` calls it; nothing here imports the CLI)."""
    app.command("parse-payload")(parse_payload)
    app.command("scrape")(scrape)
