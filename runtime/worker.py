"""The worker: scheduled scraping → ingest → alerts → outbox sender, in one process.

- Scrapers store what they fetch in ``scraped_postings`` and hand it to :meth:`Worker.ingest`,
  which puts it into the index (dedup merges a job seen on several boards) and wakes the
  alert round at once instead of at the next interval.
- An alert round takes postings first seen since the last round, keeps those that are
  index entries (a duplicate merged into an older entry is not fresh; one job is alerted
  once however many boards carry it) and queues alerts (:mod:`delivery.alerts`).
- A digest round (:mod:`delivery.digest`) every ``ALERTS__DIGEST_CHECK_S`` queues the daily and
  weekly digests whose local hour has come.
- Each round also queues the follow-up reminders that fell due (:mod:`delivery.followup`).
- The sender (:mod:`delivery.sender`) delivers the outbox within Telegram's limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from core.errors import JobbotError
from core.models import Posting
from delivery import followup
from delivery.alerts import Alerts, fresh_postings
from delivery.digest import digest_round
from delivery.sender import Sender
from runtime.deps import Deps
from scrapers import state

log = logging.getLogger(__name__)


class Worker:
    """Built from the composition root's resources; ``run`` until ``stop`` is set."""

    def __init__(self, deps: Deps, stop: asyncio.Event) -> None:
        self.deps, self.stop = deps, stop
        settings = deps["settings"]
        self.alerts = Alerts(deps["pool"], deps["ranking"], settings.alerts)
        self.ingestor = deps["ingestor"]
        self.interval = timedelta(minutes=settings.alerts.check_interval_min)
        self._kick = asyncio.Event()

    async def ingest(self, postings: list[Posting]) -> None:
        """The scrapers' ``on_postings``: index, mark indexed, wake the alert round.

        Errors propagate: the scraper run records them and the postings stay in
        ``scraped_postings`` for a replay."""
        counts = await self.ingestor.ingest(postings, expire=False)
        await state.mark_indexed(self.deps["pool"], [p.id for p in postings])
        log.info("ingest: %s", counts.as_dict())
        if counts.new:
            self._kick.set()

    async def alert_round(self, since: datetime) -> int:
        fresh = await fresh_postings(self.deps["pool"], since)
        if not fresh:
            return 0
        entries = await self.deps["backend"].get([p.id for p in fresh])
        return await self.alerts.on_entries(entries)

    async def run_digests(self) -> None:
        every = self.deps["settings"].alerts.digest_check_s
        while not self.stop.is_set():
            try:
                await digest_round(
                    self.deps["pool"], self.deps["settings"].alerts, datetime.now(UTC)
                )
            except (OSError, asyncpg.PostgresError) as exc:
                # A missed check is caught up by the next: a due slot stays due until sent.
                log.warning("digest round failed, retrying next check: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), every)

    async def run_alerts(self) -> None:
        since = datetime.now(UTC) - self.interval
        while not self.stop.is_set():
            started = datetime.now(UTC)
            try:
                log.info("alerts: %d queued", await self.alert_round(since))
                since = started
            except (JobbotError, OSError, asyncpg.PostgresError) as exc:
                # Index, LLM or database trouble: the same window is retried next round.
                log.warning("alert round failed, retrying next round: %s", exc)
            self._kick.clear()
            waits = [asyncio.create_task(e.wait()) for e in (self.stop, self._kick)]
            await asyncio.wait(
                waits, timeout=self.interval.total_seconds(), return_when=asyncio.FIRST_COMPLETED
            )
            for task in waits:
                task.cancel()

    async def run_followups(
        self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        """Queue due follow-up reminders (:mod:`delivery.followup`) every round until stopped."""
        cap = self.deps["settings"].alerts.max_per_day
        while not self.stop.is_set():
            try:
                if queued := await followup.queue_due(self.deps["pool"], clock(), cap=cap):
                    log.info("follow-ups: %d queued", queued)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("follow-up round failed, retrying next round: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), self.interval.total_seconds())

    async def run_scheduler(self) -> None:
        from scrapers.runner import replay
        from scrapers.scheduler import build_scheduler

        deps = self.deps
        try:
            # Postings a failed ingest left behind in scraped_postings go in first.
            replayed = await replay(deps["pool"], self.ingest)
            log.info("ingest: replayed %d stored postings", replayed)
        except (JobbotError, OSError, asyncpg.PostgresError) as exc:
            log.warning("replay failed, the postings stay stored for the next start: %s", exc)
        scheduler = await build_scheduler(
            deps["settings"], deps["pool"], deps["polite"], self.ingest
        )
        scheduler.start()
        try:
            await self.stop.wait()
        finally:
            scheduler.shutdown(wait=False)

    async def run(self, *, scrape: bool = True) -> None:
        sender = Sender(self.deps["sender_bot"], self.deps["pool"], self.deps["limiter"])
        async with asyncio.TaskGroup() as group:
            group.create_task(sender.run(self.stop))
            group.create_task(self.run_alerts())
            group.create_task(self.run_digests())
            group.create_task(self.run_followups())
            if scrape:
                group.create_task(self.run_scheduler())
