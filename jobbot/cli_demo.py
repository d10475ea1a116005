"""``jobbot demo``: offline end to end on the bundled postings and sample resume.

A module of its own because the demo reuses ``jobbot.cli_match``; keeping the command apart
means ``cli_match`` never imports the demo back.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from core.settings import load_settings


def demo(
    top: Annotated[int, typer.Option("--top", min=1, help="How many matches to show.")] = 8,
) -> None:
    """Offline end to end: ingest bundled real postings, read a sample resume, show matches."""
    from jobbot.demo.run import run_demo

    asyncio.run(run_demo(load_settings(), top=top))


def register(app: typer.Typer) -> None:
    """Add ``demo`` to ``app``."""
    app.command("demo")(demo)
