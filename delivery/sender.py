"""The outbox sender: claims due notifications and delivers them within Telegram's limits.

Limits (shared through the rate limiter, so several worker processes stay under them
together): 30 messages/s overall, 1/s per private chat, 20/min per group. A chat that is
not ready yet is deferred without waiting, so one busy chat never holds up the others.

Outcomes per message:
- sent → ``sent``;
- 429 ``retry_after`` → deferred by that long; the attempt is given back;
- 403 (the user blocked the bot) → the user is marked ``is_blocked``, alerts off, and
  everything queued for them is dropped;
- 400 (chat gone, bad text) → ``dropped``: retrying cannot help;
- network errors, 5xx → retried with exponential backoff, ``failed`` after ``max_attempts``.

Quiet hours (:mod:`delivery.quiet`): a row claimed while its user's window is on goes back to
pending until the window ends, without a send and without costing an attempt. The outbox
holds push alerts only; replies to commands are sent by the handlers and never wait.
``clock`` is the sender's idea of now (due times and quiet hours), injectable for tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup

from delivery import outbox, quiet
from delivery.outbox import Notification
from delivery.quiet import QuietHours
from delivery.ratelimit import GLOBAL_LIMIT, RateLimiter, acquire, chat_limit
from ui.keyboards import feedback_keyboard, feedback_row

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SenderConfig:
    batch: int = 60
    lease_s: float = 60.0
    max_attempts: int = 5
    backoff_base_s: float = 2.0
    backoff_max_s: float = 600.0
    concurrency: int = 8  # requests in flight; 30 msg/s needs some overlap of round trips
    idle_s: float = 1.0  # sleep when nothing is due


async def mark_user_blocked(pool: asyncpg.Pool, user_id: int) -> None:
    """The user blocked the bot: stop alerts and drop what is queued for them."""
    await pool.execute(
        "UPDATE users SET is_blocked = true, alerts_enabled = false WHERE telegram_id = $1",
        user_id,
    )
    await outbox.drop_user_pending(pool, user_id, "user blocked the bot")


class Sender:
    """Delivers the outbox. ``run_once`` handles one batch; ``run`` loops until stopped."""

    def __init__(
        self,
        bot: Bot,
        pool: asyncpg.Pool,
        limiter: RateLimiter,
        config: SenderConfig | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.bot, self.pool, self.limiter, self.clock = bot, pool, limiter, clock
        self.config = config or SenderConfig()
        self._slots = asyncio.Semaphore(self.config.concurrency)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("sender: database unavailable (%s); retrying", exc)
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.idle_s)

    async def run_once(self) -> int:
        """Claim one batch and settle every row in it; return how many rows were claimed."""
        now = self.clock()
        notes = await outbox.claim(self.pool, self.config.batch, self.config.lease_s, now)
        windows = await quiet.for_users(self.pool, (n.user_id for n in notes)) if notes else {}
        results = await asyncio.gather(
            *(self._deliver(note, windows.get(note.user_id), now) for note in notes),
            return_exceptions=True,
        )
        for note, result in zip(notes, results, strict=True):
            if isinstance(result, Exception):
                # The row stays leased; when the lease runs out it is tried again.
                log.error("sender: notification %s failed unexpectedly", note.id, exc_info=result)
        return len(notes)

    async def _deliver(self, note: Notification, window: QuietHours | None, now: datetime) -> None:
        until = quiet.held_until(window, now)
        if until is not None:
            await outbox.hold(self.pool, note.id, until, "quiet hours")
            return
        chat_id = note.user_id
        wait = await self.limiter.hit(f"chat:{chat_id}", chat_limit(chat_id))
        if wait > 0:
            await outbox.retry_later(
                self.pool, note.id, wait, "chat rate limit", count_attempt=False
            )
            return
        async with self._slots:
            await acquire(self.limiter, "global", GLOBAL_LIMIT)
            if await outbox.renew(self.pool, note, self.config.lease_s) is None:
                return  # our lease expired and another sender owns the row now
            await self._send(note)

    async def _send(self, note: Notification) -> None:
        payload = note.payload
        if not isinstance(payload.get("text"), str) or not payload["text"].strip():
            await outbox.settle(self.pool, note.id, "dropped", "payload has no text")
            return
        markup = None
        lang = str(payload.get("lang", "en"))
        if isinstance(payload.get("reply_markup"), dict):  # a message with buttons of its own
            markup = InlineKeyboardMarkup.model_validate(payload["reply_markup"])
        elif payload.get("posting_ids"):  # a digest: one numbered row per entry, even one
            markup = InlineKeyboardMarkup(
                inline_keyboard=[
                    feedback_row(lang, str(pid), i)
                    for i, pid in enumerate(payload["posting_ids"], 1)
                ]
            )
        elif payload.get("posting_id") and payload.get("feedback", True):
            markup = feedback_keyboard(lang, [payload["posting_id"]])
        try:
            await self.bot.send_message(note.user_id, payload["text"], reply_markup=markup)
        except TelegramRetryAfter as exc:
            await outbox.retry_later(
                self.pool, note.id, exc.retry_after, "429 retry_after", count_attempt=False
            )
        except TelegramForbiddenError as exc:
            await outbox.settle(self.pool, note.id, "dropped", f"403: {exc.message}")
            await mark_user_blocked(self.pool, note.user_id)
        except TelegramBadRequest as exc:
            await outbox.settle(self.pool, note.id, "dropped", f"400: {exc.message}")
        except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:
            await self._failed_attempt(note, f"{type(exc).__name__}: {exc}")
        except TelegramAPIError as exc:  # anything else Telegram refuses: retry, then give up
            await self._failed_attempt(note, f"{type(exc).__name__}: {exc.message}")
        else:
            await outbox.mark_sent(self.pool, note.id)

    async def _failed_attempt(self, note: Notification, error: str) -> None:
        if note.attempts >= self.config.max_attempts:
            await outbox.settle(self.pool, note.id, "failed", error)
            return
        delay = min(
            self.config.backoff_base_s * 2 ** (note.attempts - 1), self.config.backoff_max_s
        )
        await outbox.retry_later(self.pool, note.id, delay, error)
