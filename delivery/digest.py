"""Digests: one message a day or a week, at the user's local hour, with the top new matches.

The alert round (:mod:`delivery.alerts`) grades fresh postings for every subscriber alike (never
relaxed, ``ALERTS__MIN_SCORE``); for a digest subscriber it keeps what passed in
``digest_items`` (:func:`keep`) instead of queueing a push. :func:`digest_round`, run by the
worker every ``ALERTS__DIGEST_CHECK_S``, finds the subscriptions whose slot came since their
last one, by the wall clock of the user's time zone (set by /subscribe or /quiet, else
UTC), and queues ONE outbox message per user with the best waiting matches: at most
``ALERTS__DIGEST_SIZE``
and never more than ``ALERTS__MAX_PER_DAY``. Every waiting match is then covered, shown or
not, so the next digest holds only newer ones. Nothing waiting means nothing is sent (the
slot is still marked). The sender holds a digest that falls in quiet hours like an alert.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import asyncpg

from core.settings import AlertSettings
from delivery.digest_text import digest_message
from scoring.match import Match

log = logging.getLogger(__name__)
Cadence = Literal["daily", "weekly"]
CADENCES: tuple[Cadence, ...] = ("daily", "weekly")


@dataclass(frozen=True)
class Schedule:
    cadence: Cadence
    hour: int  # local wall-clock hour, 0-23
    weekday: int = 0  # 0 = Monday; weekly digests only
    zone: str = "UTC"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)


def _at(day: date, hour: int, tz: ZoneInfo) -> datetime:
    # fold=0: on the night clocks go back the first 01:00 counts; an hour the clocks skip
    # reads with the offset before the change, i.e. the instant of the jump.
    return datetime.combine(day, time(hour)).replace(tzinfo=tz).astimezone(UTC)


def last_slot(schedule: Schedule, now: datetime) -> datetime:
    """The latest scheduled instant at or before the aware ``now`` (UTC)."""
    tz = schedule.tz
    day = now.astimezone(tz).date()
    while True:
        slot = _at(day, schedule.hour, tz)
        if slot <= now and (schedule.cadence == "daily" or day.weekday() == schedule.weekday):
            return slot
        day -= timedelta(days=1)


def next_slot(schedule: Schedule, now: datetime) -> datetime:
    """The first scheduled instant after ``now`` (UTC): what a confirmation names."""
    tz = schedule.tz
    day = now.astimezone(tz).date()
    while True:
        slot = _at(day, schedule.hour, tz)
        if slot > now and (schedule.cadence == "daily" or day.weekday() == schedule.weekday):
            return slot
        day += timedelta(days=1)


def entry_of(match: Match) -> dict[str, Any]:
    """What a digest line needs of a match, small enough to keep for a week."""
    reasons = match.reasons
    reason = (
        f"✓ {reasons.strengths[0]}"
        if reasons.strengths
        else f"✗ {reasons.gaps[0]}"
        if reasons.gaps
        else ""
    )
    return {
        "posting": match.posting.model_dump(mode="json", exclude={"description"}),
        "score": match.final_score,
        "tier": match.tier,
        "reason": reason[:200],
    }


async def keep(pool: asyncpg.Pool, kept: Sequence[tuple[int, Match]]) -> int:
    """Keep graded ``(user, match)`` pairs for the users' next digests, in one statement
    (an alert round keeps them for all its subscribers at once); how many were new."""
    if not kept:
        return 0
    rows = await pool.fetch(
        """INSERT INTO digest_items (user_id, posting_id, score, entry)
           SELECT u, p, s, e
             FROM unnest($1::bigint[], $2::text[], $3::real[], $4::jsonb[]) AS x(u, p, s, e)
           ON CONFLICT (user_id, posting_id) DO NOTHING RETURNING posting_id""",
        [u for u, _ in kept],
        [m.posting.id for _, m in kept],
        [m.final_score for _, m in kept],
        [entry_of(m) for _, m in kept],
    )
    return len(rows)


async def subscribe(
    pool: asyncpg.Pool, user_id: int, cadence: Cadence, hour: int, weekday: int = 0
) -> None:
    """Choose a digest; the first one comes at the first slot after now."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            """INSERT INTO digest_subscriptions (user_id, cadence, local_hour, weekday)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id) DO UPDATE SET cadence = EXCLUDED.cadence,
                   local_hour = EXCLUDED.local_hour, weekday = EXCLUDED.weekday,
                   last_slot_at = now()""",
            user_id,
            cadence,
            hour,
            weekday,
        )
        await conn.execute("UPDATE users SET alerts_enabled = true WHERE telegram_id = $1", user_id)


async def instant(pool: asyncpg.Pool, user_id: int) -> None:
    """Back to (or on with) one push per match; matches kept for a digest are dropped."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("DELETE FROM digest_subscriptions WHERE user_id = $1", user_id)
        await conn.execute("DELETE FROM digest_items WHERE user_id = $1", user_id)
        await conn.execute("UPDATE users SET alerts_enabled = true WHERE telegram_id = $1", user_id)


async def _due(conn: asyncpg.Connection, now: datetime) -> dict[int, tuple[datetime, Any]]:
    rows = await conn.fetch(
        """SELECT d.user_id, d.cadence, d.local_hour, d.weekday, d.last_slot_at, u.language,
                  coalesce(u.time_zone, u.quiet_zone, 'UTC') AS zone
             FROM digest_subscriptions d JOIN users u ON u.telegram_id = d.user_id
            WHERE u.alerts_enabled AND NOT u.is_blocked AND NOT u.is_banned"""
    )
    due = {}
    for r in rows:
        slot = last_slot(Schedule(r["cadence"], r["local_hour"], r["weekday"], r["zone"]), now)
        if slot > r["last_slot_at"]:
            due[r["user_id"]] = (slot, r)
    return due


async def digest_round(pool: asyncpg.Pool, settings: AlertSettings, now: datetime) -> int:
    """Queue the digests due at ``now``; return how many messages were queued.

    One snapshot (repeatable read) for the whole round: a match the alert round adds while
    this runs is neither shown nor marked, so it waits for the next digest."""
    size = min(settings.digest_size, settings.max_per_day)
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        due = await _due(conn, now)
        if not due:
            return 0
        ids = list(due)
        items = await conn.fetch(
            """SELECT user_id, posting_id, entry FROM (
                   SELECT i.user_id, i.posting_id, i.entry, row_number() OVER (
                          PARTITION BY i.user_id ORDER BY i.score DESC, i.found_at) AS n
                     FROM digest_items i
                    WHERE i.user_id = ANY($1::bigint[]) AND i.digested_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.user_id = i.user_id
                          AND f.posting_id = i.posting_id AND f.verdict IN ('hidden', 'applied'))
               ) ranked WHERE n <= $2 ORDER BY user_id, n""",
            ids,
            size,
        )
        waiting: dict[int, list[dict[str, Any]]] = {}
        for item in items:
            waiting.setdefault(item["user_id"], []).append(item["entry"])
        notes = []
        for user_id, entries in waiting.items():
            slot, row = due[user_id]
            text, shown = digest_message(entries, row["language"], row["cadence"])
            notes.append(
                (
                    user_id,
                    f"digest:{slot:%Y-%m-%dT%H:%MZ}",
                    {"text": text, "lang": row["language"], "kind": "digest", "posting_ids": shown},
                )
            )
        await conn.executemany(
            """INSERT INTO notifications (user_id, posting_id, payload) VALUES ($1, $2, $3)
               ON CONFLICT (user_id, posting_id) DO NOTHING""",
            notes,
        )
        await conn.execute(
            "UPDATE digest_items SET digested_at = $2 "
            "WHERE user_id = ANY($1::bigint[]) AND digested_at IS NULL",
            ids,
            now,
        )
        await conn.execute(
            """UPDATE digest_subscriptions d SET last_slot_at = x.slot
                 FROM unnest($1::bigint[], $2::timestamptz[]) AS x(user_id, slot)
                WHERE d.user_id = x.user_id""",
            ids,
            [due[i][0] for i in ids],
        )
    log.info("digests: %d due, %d queued", len(due), len(notes))
    return len(notes)
