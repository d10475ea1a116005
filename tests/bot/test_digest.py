"""Digests: the schedule by the local wall clock, one message that fits, and the whole way
from /subscribe's buttons through the alert round, the digest round and the outbox to the
fake Bot API, on an injected clock, in English and Russian."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import asyncpg

from core.settings import AlertSettings
from delivery import digest, quiet
from delivery.alerts import Alerts
from delivery.digest import Schedule, digest_round, last_slot, next_slot
from delivery.digest_text import digest_message
from delivery.quiet import QuietHours
from delivery.ratelimit import MemoryRateLimiter
from delivery.sender import Sender
from scoring.match import resume_hash
from scoring.profile import extract_profile
from ui.cards import counted

RESUME = Path(__file__).resolve().parent.parent / "fixtures" / "bot" / "resume_text.txt"
SETTINGS = AlertSettings(min_score=70, max_per_day=3, digest_size=5)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def buttons(message: Any) -> list[dict[str, str]]:
    return [b for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_slots_follow_the_local_wall_clock_and_the_weekday() -> None:
    berlin = Schedule("daily", 8, zone="Europe/Berlin")
    # 08:00 in Berlin is 07:00 UTC in winter and 06:00 UTC in summer.
    assert last_slot(berlin, utc("2027-01-15T06:59")) == utc("2027-01-14T07:00")
    assert last_slot(berlin, utc("2027-01-15T07:00")) == utc("2027-01-15T07:00")
    assert next_slot(berlin, utc("2027-01-15T07:00")) == utc("2027-01-16T07:00")
    assert last_slot(berlin, utc("2027-03-28T06:00")) == utc("2027-03-28T06:00")  # CEST now
    friday = Schedule("weekly", 18, weekday=4, zone="Europe/Moscow")  # 2027-01-15 is a Friday
    assert last_slot(friday, utc("2027-01-15T14:59")) == utc("2027-01-08T15:00")
    assert last_slot(friday, utc("2027-01-21T12:00")) == utc("2027-01-15T15:00")
    assert next_slot(friday, utc("2027-01-15T15:00")) == utc("2027-01-22T15:00")


def entry(n: int, score: float, reason: str = "Python: “5 years of Django”") -> dict[str, Any]:
    return {
        "posting": {
            "id": f"p{n}",
            "source": "example",
            "url": f"https://x.example/{n}",
            "title": f"Backend Developer {n} " + "very long title " * 8,
            "company": "Contoso " * 9,
            "location": "Remote, Europe " * 5,
        },
        "score": score,
        "tier": "good",
        "reason": reason * 3,
    }


def test_a_digest_is_one_message_within_telegrams_limit() -> None:
    few = [entry(1, 91), entry(2, 80)]
    text, shown = digest_message(few, "en", "daily")
    assert text.startswith("📬 <b>Your daily digest</b>: 2 new jobs") and shown == ["p1", "p2"]
    assert '1. <b><a href="https://x.example/1">' in text and "91/100" in text
    assert "5 years of Django" in text  # the one-line reason, escaped
    many = [entry(n, 99 - n) for n in range(1, 21)]
    text, shown = digest_message(many, "ru", "weekly")
    assert len(text) <= 4096 and text.startswith("📬 <b>Ваш дайджест за неделю</b>")
    assert shown == [f"p{n}" for n in range(1, len(shown) + 1)] and len(shown) >= 5
    assert f"{len(shown)}. " in text and f"\n{len(shown) + 1}. " not in text


async def add_resume_user(pool: asyncpg.Pool, user_id: int, language: str = "en") -> None:
    text = RESUME.read_text(encoding="utf-8")
    profile = await extract_profile(text)
    await pool.execute(
        "INSERT INTO users (telegram_id, language) VALUES ($1, $2)", user_id, language
    )
    await pool.execute(
        """INSERT INTO resumes (user_id, file_hash, text, profile, profile_version)
           VALUES ($1, $2, $3, $4, $5)""",
        user_id,
        resume_hash(text),
        text,
        profile.model_dump(mode="json"),
        profile.version,
    )


async def choose(telegram: Any, user: int, *labels: str) -> Any:
    """/subscribe, then press the buttons with these labels in turn; the message edited."""
    count = len(telegram.texts(user))
    await telegram.user_says(user, "/subscribe")
    await telegram.wait_until(lambda: len(telegram.texts(user)) > count)
    message = telegram.messages[user][-1]
    for label in labels:
        before = message.text
        pressed = next(b for b in buttons(message) if b["text"] == label)
        await telegram.user_presses(user, message, pressed["callback_data"])
        await telegram.wait_until(lambda m=message, b=before: m.text != b)
    return message


async def send_due(sender: Sender) -> None:
    while await sender.run_once():
        pass


async def test_daily_digest_end_to_end_at_the_local_hour(
    telegram: Any, chat: Any, postings: list[Any], make_bot: Any
) -> None:
    pool, user = chat["pool"], 8001
    await add_resume_user(pool, user)
    await quiet.save(pool, user, QuietHours(time(23), time(6), "Europe/Berlin"))
    message = await choose(telegram, user, "📅 Daily digest")
    assert "Your time zone: Europe/Berlin" in message.text
    message = await choose(telegram, user, "📅 Daily digest", "08:00")
    assert "every day at 08:00 (Europe/Berlin)" in message.text and "up to 5 new" in message.text
    row = await pool.fetchrow("SELECT * FROM digest_subscriptions WHERE user_id = $1", user)
    assert (row["cadence"], row["local_hour"]) == ("daily", 8)
    await pool.execute("UPDATE digest_subscriptions SET last_slot_at = $1", utc("2027-01-14T07:00"))

    # The alert round grades as for instant alerts but keeps the matches for the digest.
    assert await Alerts(pool, chat["ranking"], SETTINGS).on_postings(postings) == 0
    kept = await pool.fetch("SELECT posting_id, score FROM digest_items ORDER BY score DESC")
    assert kept and all(r["score"] >= 70 for r in kept)
    assert await pool.fetchval("SELECT count(*) FROM notifications") == 0
    # A job hidden meanwhile never appears.
    hidden = kept[-1]["posting_id"] if len(kept) > 1 else None
    if hidden:
        await pool.execute(
            "INSERT INTO feedback (user_id, posting_id, verdict) VALUES ($1, $2, 'hidden')",
            user,
            hidden,
        )

    telegram.enforce_limits = False
    clock = Clock(utc("2027-01-15T06:59"))  # 07:59 in Berlin
    sender = Sender(make_bot(), pool, MemoryRateLimiter(), clock=clock)
    assert await digest_round(pool, SETTINGS, clock.now) == 0
    clock.now = utc("2027-01-15T07:00")
    assert await digest_round(pool, SETTINGS, clock.now) == 1
    assert await digest_round(pool, SETTINGS, clock.now) == 0  # the slot is marked
    await send_due(sender)
    sent = [m for m in telegram.messages[user] if m.text.startswith("📬")]
    assert len(sent) == 1
    text = sent[0].text
    shown = [r["posting_id"] for r in kept if r["posting_id"] != hidden][:3]
    assert text.startswith(f"📬 <b>Your daily digest</b>: {counted('en', len(shown), 'new_job')}")
    assert "Python Backend Developer" in text.split("\n\n")[1]
    scores = [int(s) for s in re.findall(r"(\d+)/100", text)]
    assert scores == [round(r["score"]) for r in kept if r["posting_id"] in shown]
    assert text.count('<a href="') == len(shown) <= 3
    rows = sent[0].reply_markup["inline_keyboard"]
    assert [r[0]["callback_data"].split(":")[2] for r in rows] == shown
    assert rows[0][0]["callback_data"].endswith(":1")

    # The next morning nothing new was found: no message at all.
    clock.now = utc("2027-01-16T07:00")
    assert await digest_round(pool, SETTINGS, clock.now) == 0
    await send_due(sender)
    assert len([m for m in telegram.messages[user] if m.text.startswith("📬")]) == 1
    assert await pool.fetchval("SELECT last_slot_at FROM digest_subscriptions") == clock.now


async def test_a_weekly_russian_digest_waits_for_its_day_and_quiet_hours(
    telegram: Any, chat: Any, postings: list[Any], make_bot: Any
) -> None:
    pool, user = chat["pool"], 8002
    await add_resume_user(pool, user, "ru")
    await quiet.save(pool, user, QuietHours(time(17), time(19), "Europe/Moscow"))
    message = await choose(telegram, user, "🗓 Раз в неделю", "Пт", "18:00")
    assert "каждую пятницу в 18:00 (Europe/Moscow)" in message.text
    await pool.execute("UPDATE digest_subscriptions SET last_slot_at = $1", utc("2027-01-08T15:00"))
    await Alerts(pool, chat["ranking"], SETTINGS).on_postings(postings)
    telegram.enforce_limits = False
    clock = Clock(utc("2027-01-14T15:00"))  # a Thursday, 18:00 in Moscow
    sender = Sender(make_bot(), pool, MemoryRateLimiter(), clock=clock)
    assert await digest_round(pool, SETTINGS, clock.now) == 0
    clock.now = utc("2027-01-15T15:00")  # Friday 18:00: due, but inside 17-19 quiet hours
    assert await digest_round(pool, SETTINGS, clock.now) == 1
    await send_due(sender)
    assert not any(m.text.startswith("📬") for m in telegram.messages[user])
    clock.now = utc("2027-01-15T16:00")  # 19:00 in Moscow: the window ended
    await send_due(sender)
    digests = [m for m in telegram.messages[user] if m.text.startswith("📬")]
    assert len(digests) == 1 and digests[0].text.startswith("📬 <b>Ваш дайджест за неделю</b>")
    assert "/unsubscribe — выключить" in digests[0].text


async def test_instant_again_and_unsubscribe(telegram: Any, chat: Any) -> None:
    pool, user = chat["pool"], 8003
    await add_resume_user(pool, user)
    await choose(telegram, user, "📅 Daily digest", "09:00")
    await digest.keep(pool, [])
    message = await choose(telegram, user, "⚡ Instant alerts")
    assert "Alerts on" in message.text
    assert await pool.fetchval("SELECT count(*) FROM digest_subscriptions") == 0
    await telegram.user_says(user, "/unsubscribe")
    await telegram.wait_until(lambda: telegram.texts(user)[-1] == "Alerts off.")
    assert not await pool.fetchval("SELECT alerts_enabled FROM users WHERE telegram_id = $1", user)


async def test_the_worker_sends_a_digest_that_fell_due(
    telegram: Any, deps: Any, postings: list[Any]
) -> None:
    import asyncio

    from runtime.worker import Worker

    pool, user = deps["pool"], 8004
    await add_resume_user(pool, user)
    await digest.subscribe(pool, user, "daily", 7)
    await Alerts(pool, deps["ranking"], SETTINGS).on_postings(postings)
    await pool.execute("UPDATE digest_subscriptions SET last_slot_at = now() - interval '2 days'")
    stop = asyncio.Event()
    worker = asyncio.create_task(Worker(deps, stop).run(scrape=False))
    await telegram.wait_until(lambda: bool(telegram.texts(user)), within=60)
    stop.set()
    async with asyncio.timeout(15):
        await worker
    assert len(telegram.texts(user)) == 1
    assert telegram.texts(user)[0].startswith("📬 <b>Your daily digest</b>")


async def test_the_time_zone_set_in_subscribe_times_the_digest_without_quiet_hours(
    telegram: Any, chat: Any, postings: list[Any]
) -> None:
    pool, user = chat["pool"], 8005
    await add_resume_user(pool, user)
    await telegram.user_says(user, "/subscribe Mars/Olympus")
    await telegram.wait_until(lambda: bool(telegram.texts(user)))
    assert "Mars/Olympus" in telegram.texts(user)[-1]  # unknown: said so, nothing kept
    assert await quiet.zone_of(pool, user) == "UTC"
    await telegram.user_says(user, "/subscribe asia/tokyo")
    await telegram.wait_until(lambda: "How should I send" in telegram.texts(user)[-1])
    assert "Your time zone is now Asia/Tokyo" in telegram.texts(user)[-2]
    message = telegram.messages[user][-1]
    pressed = next(b for b in buttons(message) if b["text"] == "📅 Daily digest")
    await telegram.user_presses(user, message, pressed["callback_data"])
    await telegram.wait_until(lambda: "Your time zone: Asia/Tokyo" in message.text)
    pressed = next(b for b in buttons(message) if b["text"] == "08:00")
    await telegram.user_presses(user, message, pressed["callback_data"])
    await telegram.wait_until(lambda: "every day at 08:00 (Asia/Tokyo)" in message.text)
    assert await quiet.load(pool, user) is None  # no quiet hours came with the zone
    # Quiet hours set and turned off again leave the zone as it was.
    await quiet.save(pool, user, QuietHours(time(23), time(6), "Asia/Tokyo"))
    await quiet.save(pool, user, None)
    assert await quiet.zone_of(pool, user) == "Asia/Tokyo"

    await pool.execute("UPDATE digest_subscriptions SET last_slot_at = $1", utc("2027-01-14T00:00"))
    await Alerts(pool, chat["ranking"], SETTINGS).on_postings(postings)
    assert await digest_round(pool, SETTINGS, utc("2027-01-14T22:59")) == 0  # 07:59 in Tokyo
    assert await digest_round(pool, SETTINGS, utc("2027-01-14T23:00")) == 1  # 08:00 in Tokyo
