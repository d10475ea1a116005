"""Admin commands for sources: /sources, /source NAME on|off, /scrape NAME.

- ``/sources``: every registered source with its effective switch (an admin's, or the
  companies file's default), circuit, failures and latest run.
- ``/source NAME on|off``: an admin's switch in PostgreSQL (:mod:`scrapers.switch`); it
  overrides the companies file either way and the worker reads it at every scheduled run.
- ``/scrape NAME``: one run now, in the background (a person asked: it runs even when the
  source is off or its circuit is open); the counts are the answer when it is done.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape
from typing import Any

import asyncpg
from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.admin import queries
from bot.admin.audit import AuditNote
from bot.admin.replies import report
from core.errors import ConfigError, JobbotError
from core.models import Posting
from core.settings import Settings
from scrapers.companies import load_companies
from scrapers.http import PoliteHttp
from scrapers.registry import SOURCES
from scrapers.runner import RunResult
from scrapers.scheduler import run_sources
from scrapers.switch import effective, set_admin_switch, switches
from search.ingest import Ingestor

log = logging.getLogger(__name__)
NAMES = ", ".join(sorted(SOURCES))


class SourceCommands:
    """The handlers; they keep their background runs so the chat's shutdown can cancel them."""

    def __init__(self) -> None:
        self._runs: set[asyncio.Task[None]] = set()

    def register(self, router: Router) -> None:
        router.message.register(self.sources, Command("sources"))
        router.message.register(self.switch, Command("source"))
        router.message.register(self.scrape, Command("scrape"))
        router.shutdown.register(self.close)

    async def close(self) -> None:
        """Cancel runs still going (a cancelled run keeps what it stored)."""
        for task in self._runs:
            task.cancel()
        await asyncio.gather(*self._runs, return_exceptions=True)

    async def sources(self, message: Message, pool: asyncpg.Pool, settings: Settings) -> None:
        try:
            companies = load_companies(settings.scrape.companies_file)
        except ConfigError as exc:
            await message.answer(escape(str(exc)))
            return
        rows = {r["name"]: r for r in await queries.sources(pool)}
        lines = [_source_line(name, rows.get(name), companies) for name in SOURCES]
        await report(message, "<b>Sources</b>", lines, empty="No sources are registered.")

    async def switch(
        self, message: Message, command: CommandObject, pool: asyncpg.Pool, audit: AuditNote
    ) -> None:
        name, _, value = (command.args or "").strip().lower().partition(" ")
        value = value.strip()
        if not name or value not in ("on", "off"):
            audit.skip()
            await message.answer(f"Usage: /source NAME on|off\nSources: {NAMES}")
            return
        if not await _known(message, audit, name):
            return
        previous = await set_admin_switch(pool, name, value == "on")
        audit.details = {"on": value == "on", "previous": previous}
        was = "on" if previous else "off" if previous is not None else "the companies file"
        await message.answer(
            f"{name} switched {value} by an admin (before: {was}). The worker picks it up "
            f"at the source's next scheduled run; /scrape {name} runs it now."
        )

    async def scrape(
        self,
        message: Message,
        command: CommandObject,
        pool: asyncpg.Pool,
        settings: Settings,
        polite: PoliteHttp,
        ingestor: Ingestor,
        audit: AuditNote,
    ) -> None:
        name = (command.args or "").strip().lower()
        if not name:
            audit.skip()
            await message.answer(f"Usage: /scrape NAME\nSources: {NAMES}")
            return
        if not await _known(message, audit, name):
            return
        try:
            companies = load_companies(settings.scrape.companies_file)
        except ConfigError as exc:
            await message.answer(f"Cannot run {name}: {escape(str(exc))}")
            return
        switch = (await switches(pool, companies))[name]
        note = "" if switch.on else f" (it is {switch.describe()}; this one run goes ahead)"
        # answered first, so "running" always comes before the counts
        await message.answer(f"Running {name} now{escape(note)}; the counts follow when done.")
        task = asyncio.create_task(
            self._run(message, name, pool, settings, polite, companies, ingestor)
        )
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)

    async def _run(
        self,
        message: Message,
        name: str,
        pool: asyncpg.Pool,
        settings: Settings,
        http: PoliteHttp,
        companies: dict[str, Any],
        ingestor: Ingestor,
    ) -> None:
        async def ingest(postings: list[Posting]) -> None:
            await ingestor.ingest(postings, expire=False)

        try:
            [result] = await run_sources(
                [SOURCES[name]],
                pool=pool,
                http=http,
                settings=settings,
                companies=companies,
                on_postings=ingest,
                force=True,
            )
            text = _result_text(result)
        except (JobbotError, OSError, asyncpg.PostgresError) as exc:
            text = f"<b>{name}</b>: the run failed: {escape(str(exc))}"
        try:
            await message.answer(text)
        except TelegramAPIError as exc:  # nobody to tell but the log; the run is recorded
            log.warning("scrape %s finished but the answer failed: %s", name, exc)


async def _known(message: Message, audit: AuditNote, name: str) -> bool:
    """Whether ``name`` is a registered source (the audit's target either way); if not, the
    attempt is answered and audited as an error."""
    audit.target = name
    if name in SOURCES:
        return True
    audit.details = {"error": "unknown source"}
    await message.answer(f"No source called {escape(name)}. Sources: {NAMES}")
    return False


def _result_text(result: RunResult) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items()) or "no counts"
    errors = [f"  {escape(e)}" for e in result.errors[:5]]
    more = [f"  … {len(result.errors) - 5} more"] if len(result.errors) > 5 else []
    return "\n".join([f"<b>{result.source}</b>: {result.status} ({counts})", *errors, *more])


def _source_line(name: str, row: dict[str, Any] | None, companies: dict[str, Any]) -> str:
    switch = effective(row["admin_enabled"] if row else None, companies, SOURCES[name])
    if row is None:
        return f"• <b>{name}</b> [{switch.describe()}] never run"
    when = row["last_started"].strftime("%Y-%m-%d %H:%M") if row["last_started"] else "never"
    counts = ", ".join(f"{k} {v}" for k, v in (row["last_counts"] or {}).items())
    return (
        f"• <b>{name}</b> [{switch.describe()}, circuit {row['circuit_state']}, "
        f"{row['consecutive_failures']} failures] last run {when}: "
        f"{escape(str(row['last_status'] or '-'))} {escape(counts)}"
    )
