"""Quiet hours: the zone math, the sender holding alerts (fake Bot API, real PostgreSQL,
an injected clock), and the /quiet command through the chat."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import asyncpg
import pytest

from delivery import outbox, quiet
from delivery.quiet import QuietError, QuietHours
from delivery.ratelimit import MemoryRateLimiter
from delivery.sender import Sender

BERLIN_NIGHT = QuietHours(time(22), time(7), "Europe/Berlin")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_parse_accepts_hours_minutes_and_any_case_of_a_zone() -> None:
    assert quiet.parse("22-07 europe/berlin") == BERLIN_NIGHT
    assert quiet.parse("22:30 – 6:45") == QuietHours(time(22, 30), time(6, 45), "UTC")
    assert quiet.parse("9-17", default_zone="Asia/Tbilisi").zone == "Asia/Tbilisi"
    assert quiet.parse("20-24 UTC").end == time(0)


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("25-07 Europe/Berlin", "quiet_bad_time"),
        ("22:75-07", "quiet_bad_time"),
        ("22-22", "quiet_empty"),
        ("tonight", "quiet_bad_format"),
        ("22-07 Berlin/Mars", "quiet_unknown_zone"),
    ],
)
def test_parse_refuses_with_a_reason(args: str, key: str) -> None:
    with pytest.raises(QuietError) as caught:
        quiet.parse(args)
    assert caught.value.key == key


def test_a_window_across_midnight_holds_until_the_local_morning() -> None:
    # Berlin is UTC+1 in January: 22:00-07:00 local is 21:00-06:00 UTC.
    assert not quiet.inside(BERLIN_NIGHT, utc("2027-01-15T20:59"))
    assert quiet.held_until(BERLIN_NIGHT, utc("2027-01-15T21:00")) == utc("2027-01-16T06:00")
    assert quiet.held_until(BERLIN_NIGHT, utc("2027-01-16T03:00")) == utc("2027-01-16T06:00")
    assert quiet.held_until(BERLIN_NIGHT, utc("2027-01-16T06:00")) is None
    day = QuietHours(time(9), time(17), "America/New_York")
    assert quiet.held_until(day, utc("2027-01-15T15:00")) == utc("2027-01-15T22:00")


def test_daylight_saving_changes_move_the_end_by_the_wall_clock() -> None:
    # Clocks go back on 2027-10-31 in Berlin: the night is an hour longer in real time.
    assert quiet.held_until(BERLIN_NIGHT, utc("2027-10-30T20:00")) == utc("2027-10-31T06:00")
    # Clocks go forward on 2027-03-28 (02:00 → 03:00): 02:30 never happens that night,
    # so the window ends when the clock jumps past it, at 01:00 UTC.
    short = QuietHours(time(22), time(2, 30), "Europe/Berlin")
    assert quiet.held_until(short, utc("2027-03-28T00:45")) == utc("2027-03-28T01:00")
    assert not quiet.inside(short, utc("2027-03-28T01:00"))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def send_all_due(sender: Sender) -> None:
    while await sender.run_once():
        pass


async def statuses(pool: asyncpg.Pool) -> dict[str, str]:
    rows = await pool.fetch("SELECT posting_id, status FROM notifications")
    return {r["posting_id"]: r["status"] for r in rows}


async def test_alerts_in_the_window_are_held_then_sent_when_it_ends(
    pg_pool: asyncpg.Pool, telegram: Any, make_bot: Any, add_users: Any
) -> None:
    await add_users(7001, 7002, 7003)
    await quiet.save(pg_pool, 7001, BERLIN_NIGHT)
    await quiet.save(pg_pool, 7003, QuietHours(time(22), time(2, 30), "Europe/Berlin"))
    for user, posting in ((7001, "night"), (7002, "awake"), (7003, "dst")):
        await outbox.enqueue(pg_pool, user, posting, {"text": f"job {posting}", "lang": "en"})
    telegram.enforce_limits = False
    clock = Clock(utc("2027-03-27T22:30"))  # 23:30 in Berlin, the night clocks go forward
    sender = Sender(make_bot(), pg_pool, MemoryRateLimiter(), clock=clock)

    await send_all_due(sender)
    assert await statuses(pg_pool) == {"night": "pending", "awake": "sent", "dst": "pending"}
    held = await pg_pool.fetchrow(
        "SELECT next_attempt, attempts, last_error FROM notifications WHERE posting_id = 'night'"
    )
    assert (held["next_attempt"], held["attempts"], held["last_error"]) == (
        utc("2027-03-28T05:00"),
        0,
        "quiet hours",
    )  # 07:00 CEST
    assert telegram.texts(7001) == [] and telegram.texts(7003) == []

    # Enqueued inside the window: held as well, nothing is dropped.
    await outbox.enqueue(pg_pool, 7001, "later", {"text": "job later", "lang": "en"})
    clock.now = utc("2027-03-28T00:59")
    await send_all_due(sender)
    assert (await statuses(pg_pool))["later"] == "pending" and telegram.texts(7001) == []

    clock.now = utc("2027-03-28T01:00")  # 03:00 CEST: the clock jumped past 02:30
    await send_all_due(sender)
    assert telegram.texts(7003) == ["job dst"] and telegram.texts(7001) == []
    clock.now = utc("2027-03-28T04:59")
    await send_all_due(sender)
    assert telegram.texts(7001) == []
    clock.now = utc("2027-03-28T05:00")
    await send_all_due(sender)
    assert sorted(telegram.texts(7001)) == ["job later", "job night"]
    assert set((await statuses(pg_pool)).values()) == {"sent"}


async def test_the_quiet_command_sets_shows_refuses_and_clears(telegram: Any, chat: Any) -> None:
    user, pool = 5301, chat["pool"]
    replies: list[str] = []

    async def say(text: str) -> str:
        await telegram.user_says(user, text)
        await telegram.wait_until(lambda: len(telegram.texts(user)) == len(replies) + 1)
        replies.append(telegram.texts(user)[-1])
        return replies[-1]

    assert "Quiet hours: off" in await say("/quiet") and "/quiet off" in replies[-1]
    # A window around the present moment: the reply to a command must still come at once.
    now = datetime.now(UTC)
    start, end = (now - timedelta(hours=1)).hour, (now + timedelta(hours=2)).hour
    assert f"{start:02}:00–{end:02}:00 UTC" in await say(f"/quiet {start}-{end} utc")
    window = await quiet.load(pool, user)
    assert window is not None and quiet.inside(window, now)
    assert "Quiet hours set: 22:00–07:00 Europe/Berlin" in await say("/quiet 22-7 europe/BERLIN")
    assert "not a time of day" in await say("/quiet 25-07")
    assert "do not know the time zone “Mars/Olympus”" in await say("/quiet 22-07 Mars/Olympus")
    assert "same time" in await say("/quiet 7-7")
    assert await quiet.load(pool, user) == BERLIN_NIGHT  # refusals changed nothing
    assert "23:30–06:00 Europe/Berlin" in await say("/quiet 23:30-6")  # the zone is kept
    assert "(it is " in await say("/quiet")
    assert "off" in await say("/quiet off")
    assert await quiet.load(pool, user) is None


async def test_the_quiet_command_speaks_russian(telegram: Any, chat: Any) -> None:
    await chat["pool"].execute("INSERT INTO users (telegram_id, language) VALUES (5302, 'ru')")
    await telegram.user_says(5302, "/quiet 22-07 Europe/Moscow")
    await telegram.wait_until(lambda: len(telegram.texts(5302)) == 1)
    assert telegram.texts(5302)[0].startswith("Тихие часы: 22:00–07:00 Europe/Moscow")
    await telegram.user_says(5302, "/quiet 22-07 Луна/Море")
    await telegram.wait_until(lambda: len(telegram.texts(5302)) == 2)
    assert "Не знаю часовой пояс «Луна/Море»" in telegram.texts(5302)[1]
