"""The ``jobbot`` command: the interface people, scripts and evaluations use.

Commands with ``--json`` print stable JSON (DESIGN.md, Contracts). Each command builds the
resources it needs from the settings, once, and closes them when it is done.
"""

from __future__ import annotations

import asyncio
import json
import sys

import typer

from core.settings import load_settings
from jobbot import cli_bot, cli_demo, cli_index, cli_match, cli_sources

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.command()
def migrate() -> None:
    """Apply the SQL migrations that are not applied yet."""
    from core.db import migrate as apply
    from runtime.deps import open_deps

    settings = load_settings()

    async def run() -> list[str]:
        async with open_deps(settings, {"pool"}, pool_max=2) as deps:
            return [f"{m.version:04d}_{m.name}" for m in await apply(deps["pool"])]

    applied = asyncio.run(run())
    print("applied: " + ", ".join(applied) if applied else "up to date")


@app.command()
def doctor(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Check settings and services; say what is missing and how to fix it."""
    from jobbot.doctor import render, run_checks

    checks = asyncio.run(run_checks(load_settings()))
    if as_json:
        print(json.dumps([c.as_dict() for c in checks], indent=2))
    else:
        render(checks)
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(1)


# Each feature adds its commands; they never import this module, so there is no cycle.
for feature in (cli_bot, cli_index, cli_match, cli_demo, cli_sources):
    feature.register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
