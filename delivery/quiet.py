"""Quiet hours: a daily window of local time in which a user's push alerts wait.

A window is two wall-clock times and an IANA time zone (``22:00–07:00 Europe/Berlin``);
the end is exclusive and a start later than the end crosses midnight. Everything is
computed from the local wall clock of the moment asked about, so daylight-saving changes
need no special cases: on the night clocks go back the window lasts an hour longer in real
time, on the night they go forward an hour shorter. When the end time itself does not exist
that night (skipped by the change) the window ends the moment the clock jumps past it.

Alerts due inside the window are held in the outbox (``delivery.sender``) until :func:`held_until`;
replies to a user's own commands never go through the outbox, so they are never held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import asyncpg

from core.errors import JobbotError

_WINDOW = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*[-–—]\s*(\d{1,2})(?::(\d{2}))?(?:\s+(\S+))?$")


class QuietError(JobbotError):
    """A /quiet argument the bot cannot use; ``key`` names the text that explains why."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(f"{key}: {values}" if values else key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    zone: str  # a key ZoneInfo accepts

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} {self.zone}"


@cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() | {"UTC"}}


def find_zone(name: str) -> str:
    """The canonical spelling of an IANA zone name, matched case-insensitively."""
    zone = _zones().get(name.strip().lower())
    if zone is None:
        raise QuietError("quiet_unknown_zone", zone=name)
    return zone


def _clock(hours: str, minutes: str | None) -> time:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return time(0, 0)  # "22-24": until midnight
    if h > 23 or m > 59:
        raise QuietError("quiet_bad_time", value=f"{hours}:{minutes or '00'}")
    return time(h, m)


def parse(args: str, default_zone: str = "UTC") -> QuietHours:
    """``22-07 Europe/Berlin``, ``22:30-6:45``: the zone defaults to ``default_zone``."""
    match = _WINDOW.match(args.strip())
    if match is None:
        raise QuietError("quiet_bad_format")
    start, end = _clock(match[1], match[2]), _clock(match[3], match[4])
    if start == end:
        raise QuietError("quiet_empty")
    return QuietHours(start, end, find_zone(match[5]) if match[5] else default_zone)


def inside(quiet: QuietHours, now: datetime) -> bool:
    """Whether the aware instant ``now`` falls inside the window, by the local wall clock."""
    wall = now.astimezone(quiet.tz).time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        return quiet.start <= wall < quiet.end
    return wall >= quiet.start or wall < quiet.end


def _first_instant_at(day: datetime, wall: time, tz: ZoneInfo) -> datetime:
    """The first instant of ``day`` (local) at which the clock shows ``wall`` or later."""
    naive = datetime.combine(day.date(), wall)
    fold0, fold1 = (naive.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1))
    if fold0.astimezone(tz).replace(tzinfo=None) == naive:
        return min(fold0, fold1)  # exists (twice when clocks go back: the first counts)
    # Skipped by a change: the clock jumps past ``wall`` between the two readings (fold=1
    # reads it with the offset after the change, which lands before the jump).
    moment = fold1
    while moment.astimezone(tz).replace(tzinfo=None) < naive:
        moment += timedelta(minutes=1)
    return moment


def held_until(quiet: QuietHours | None, now: datetime) -> datetime | None:
    """When the window holding ``now`` ends (UTC), or ``None`` if ``now`` is not inside one."""
    if quiet is None or not inside(quiet, now):
        return None
    local = now.astimezone(quiet.tz)
    day = local if local.time().replace(tzinfo=None) < quiet.end else local + timedelta(days=1)
    return _first_instant_at(day, quiet.end, quiet.tz)


async def load(pool: asyncpg.Pool, user_id: int) -> QuietHours | None:
    return (await for_users(pool, [user_id])).get(user_id)


async def for_users(pool: asyncpg.Pool, user_ids: Iterable[int]) -> dict[int, QuietHours]:
    """The windows of those of ``user_ids`` who set one."""
    rows = await pool.fetch(
        """SELECT telegram_id, quiet_start, quiet_end, quiet_zone FROM users
            WHERE telegram_id = ANY($1::bigint[]) AND quiet_zone IS NOT NULL""",
        list(set(user_ids)),
    )
    return {
        r["telegram_id"]: QuietHours(r["quiet_start"], r["quiet_end"], r["quiet_zone"])
        for r in rows
    }


async def save(pool: asyncpg.Pool, user_id: int, quiet: QuietHours | None) -> None:
    """Set the user's window, or clear it with ``None``. A window's zone becomes the user's
    time zone too (:func:`zone_of`); clearing the window keeps that."""
    await pool.execute(
        "UPDATE users SET quiet_start = $2, quiet_end = $3, quiet_zone = $4, "
        "time_zone = coalesce($4, time_zone) WHERE telegram_id = $1",
        user_id,
        *((quiet.start, quiet.end, quiet.zone) if quiet else (None, None, None)),
    )


async def zone_of(pool: asyncpg.Pool, user_id: int) -> str:
    """The user's time zone, wherever they set it (/subscribe, /quiet); UTC until then."""
    zone = await pool.fetchval(
        "SELECT coalesce(time_zone, quiet_zone) FROM users WHERE telegram_id = $1", user_id
    )
    return str(zone or "UTC")


async def set_zone(pool: asyncpg.Pool, user_id: int, zone: str) -> None:
    """Keep ``zone`` (a canonical name, :func:`find_zone`) as the user's time zone; quiet
    hours, when set, move to it (a user has one wall clock)."""
    await pool.execute(
        "UPDATE users SET time_zone = $2, "
        "quiet_zone = CASE WHEN quiet_zone IS NULL THEN NULL ELSE $2 END "
        "WHERE telegram_id = $1",
        user_id,
        zone,
    )
