"""``jobbot run`` / ``bot`` / ``worker``: the chat and the worker, together or apart."""

from __future__ import annotations

import asyncio
import logging

import typer

from core.errors import JobbotError
from core.settings import load_settings


def _serve(mode: str, verbose: bool) -> None:
    from runtime.app import serve

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        asyncio.run(serve(load_settings(), mode))  # type: ignore[arg-type]  # checked by caller
    except JobbotError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


VERBOSE = typer.Option(False, "--verbose", "-v", help="Log debug details.")


def run(verbose: bool = VERBOSE) -> None:
    """Chat and worker (scrapers, ingest, alerts, outbox sender) in one process."""
    _serve("all", verbose)


def bot(verbose: bool = VERBOSE) -> None:
    """The chat only (long polling, or a webhook when TELEGRAM__WEBHOOK_URL is set); run
    `jobbot worker` for alerts and sending."""
    _serve("chat", verbose)


def worker(verbose: bool = VERBOSE) -> None:
    """Scrape scheduler, ingest, alerts and the outbox sender, without the chat."""
    _serve("worker", verbose)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app`` (``jobbot.cli`` calls it; nothing here imports the CLI)."""
    app.command("run")(run)
    app.command("bot")(bot)
    app.command("worker")(worker)
