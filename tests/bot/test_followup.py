"""Follow-up reminders: opt-in through /prefs, queued by the worker N days after "applied",
held by quiet hours until the user's local morning, within the daily cap, delivered through
the fake Bot API with buttons that move the job along (an injected clock, real services)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time
from typing import Any

import asyncpg

from delivery import followup, quiet
from delivery.quiet import QuietHours
from delivery.ratelimit import MemoryRateLimiter
from delivery.sender import Sender
from runtime.worker import Worker
from ui import tracker


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def apply(
    pool: asyncpg.Pool, backend: Any, user: int, posting_id: str, when: datetime
) -> None:
    await tracker.track(pool, backend, user, posting_id, "applied")
    await pool.execute(
        "UPDATE tracked_jobs SET applied_at = $3 WHERE user_id = $1 AND posting_id = $2",
        user,
        posting_id,
        when,
    )


async def send_due(sender: Sender) -> None:
    while await sender.run_once():
        pass


async def test_the_reminder_waits_for_the_local_morning_and_its_buttons_move_the_job(
    telegram: Any, chat: Any, make_bot: Any, postings: list[Any]
) -> None:
    pool, backend = chat["pool"], chat["backend"]
    berlin, moscow = 5801, 5802
    for user, lang in ((berlin, "en"), (moscow, "ru")):
        await pool.execute("INSERT INTO users (telegram_id, language) VALUES ($1, $2)", user, lang)
    # Opting in goes through /prefs, as a user does it.
    await telegram.user_says(berlin, "/prefs followup 3")
    await telegram.user_says(moscow, "/prefs followup 5")
    await telegram.wait_until(lambda: telegram.texts(berlin) and telegram.texts(moscow))
    assert "follow-up reminder: 3 days after applying" in telegram.texts(berlin)[-1]
    assert "напоминание об отклике: через 5 дн." in telegram.texts(moscow)[-1]
    await quiet.save(pool, berlin, QuietHours(time(22), time(7), "Europe/Berlin"))
    job = postings[1]
    await apply(pool, backend, berlin, job.id, utc("2027-01-10T20:00"))
    await apply(pool, backend, moscow, job.id, utc("2027-01-10T20:00"))

    clock = Clock(utc("2027-01-13T19:59"))  # a minute short of three days
    assert await followup.queue_due(pool, clock.now, cap=10) == 0
    clock.now = utc("2027-01-13T21:30")  # 22:30 in Berlin: due, but inside quiet hours
    stop = asyncio.Event()
    worker = asyncio.create_task(Worker(chat, stop).run_followups(clock))
    async with asyncio.timeout(15):
        while not await pool.fetchval("SELECT count(*) FROM notifications"):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    stop.set()
    await worker
    assert await pool.fetchval("SELECT count(*) FROM notifications") == 1  # Moscow: 5 days

    telegram.enforce_limits = False
    sender = Sender(make_bot(), pool, MemoryRateLimiter(), clock=clock)
    await send_due(sender)
    held = await pool.fetchrow("SELECT status, next_attempt FROM notifications")
    assert (held["status"], held["next_attempt"]) == ("pending", utc("2027-01-14T06:00"))
    clock.now = utc("2027-01-14T05:59")
    await send_due(sender)
    assert not any("Any news" in text for text in telegram.texts(berlin))
    clock.now = utc("2027-01-14T06:00")  # 07:00 in Berlin
    await send_due(sender)
    reminder = telegram.messages[berlin][-1]
    assert reminder.text.startswith("⏰ <b>Any news?</b> You applied 3 days ago")
    assert f'href="{job.apply_url or job.url}"' in reminder.text
    labels = [b["text"] for row in reminder.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["🗣 Interview", "🎉 Offer", "❌ Rejected"]
    # Reminded once: the next round queues nothing more.
    assert await followup.queue_due(pool, utc("2027-01-20T12:00"), cap=10) == 1  # Moscow's
    assert await followup.queue_due(pool, utc("2027-01-21T12:00"), cap=10) == 0

    interview = reminder.reply_markup["inline_keyboard"][0][0]["callback_data"]
    await telegram.user_presses(berlin, reminder, interview)
    await telegram.wait_until(lambda: reminder.reply_markup is None)
    assert (
        await pool.fetchval("SELECT status FROM tracked_jobs WHERE user_id = $1", berlin)
        == "interviewing"
    )

    await send_due(sender)
    russian = telegram.messages[moscow][-1].text
    assert russian.startswith(
        "⏰ <b>Есть новости?</b> Вы откликнулись на вакансию ниже 9 дней назад"
    )


async def test_reminders_are_opt_in_and_share_the_daily_cap(deps: Any, postings: list[Any]) -> None:
    pool, backend = deps["pool"], deps["backend"]
    await pool.execute(
        "INSERT INTO users (telegram_id, preferences) VALUES "
        "(5901, '{\"followup_days\": 2}'), (5902, '{}')"
    )
    for posting in postings[:3]:
        await apply(pool, backend, 5901, posting.id, utc("2027-02-01T08:00"))
    await apply(pool, backend, 5902, postings[0].id, utc("2027-02-01T08:00"))
    await pool.execute(
        "INSERT INTO notifications (user_id, posting_id, payload) "
        "VALUES (5901, 'an-alert', '{\"text\": \"an alert\"}')"
    )
    assert await followup.queue_due(pool, utc("2027-02-05T08:00"), cap=3) == 2
    assert (
        await pool.fetchval(
            "SELECT count(*) FROM tracked_jobs WHERE reminded_at IS NULL AND user_id = 5901"
        )
        == 1
    )
    assert (
        await pool.fetchval(  # not opted in: never reminded
            "SELECT count(*) FROM notifications WHERE user_id = 5902"
        )
        == 0
    )
    keys = await pool.fetch(
        "SELECT posting_id FROM notifications WHERE user_id = 5901 AND posting_id LIKE 'followup:%'"
    )
    assert len(keys) == 2
