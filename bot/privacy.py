"""Everything Jobbot keeps about a user: exported as one JSON document, or erased.

Both read the schema instead of a fixed list: every table with a user id column
(:data:`USER_COLUMNS`) is exported and swept, so a table added later is covered without
touching this file. Rows keyed by something derived from the user are handled by name:
resumes' vectors go with the resume (``ON DELETE CASCADE``), match results are keyed by the
resume's hash (:func:`bot.users.forget`). Redis keys naming the user (FSM state, throttle and
send buckets) are deleted by pattern.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import asyncpg
from redis.asyncio import Redis

from bot.users import forget
from delivery import quiet
from ui import tracker

USER_COLUMNS = ("user_id", "telegram_id")
FORMAT = "jobbot-export/1"
# Sections with a shape of their own; every other user table is exported row by row.
SHAPED = {"users", "resumes", "tracked_jobs", "feedback"}


async def user_tables(pool: asyncpg.Pool) -> list[tuple[str, str]]:
    """``(table, column)`` for every base table of the schema with a user id column."""
    rows = await pool.fetch(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
             JOIN information_schema.tables t
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.column_name = ANY($1::text[])
            ORDER BY c.table_name""",
        list(USER_COLUMNS),
    )
    return [(r["table_name"], r["column_name"]) for r in rows]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _rows(pool: asyncpg.Pool, sql: str, user_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in await pool.fetch(sql, user_id)]


async def collect(pool: asyncpg.Pool, user_id: int) -> dict[str, Any]:
    """The export: profile, preferences, quiet hours, subscription, tracked jobs with their
    statuses and notes, feedback, and every other row of every user table."""
    user = await pool.fetchrow("SELECT * FROM users WHERE telegram_id = $1", user_id)
    if user is None:
        return {"format": FORMAT, "telegram_id": user_id, "kept": "nothing"}
    window = await quiet.load(pool, user_id)
    resumes = await _rows(
        pool,
        """SELECT id, file_name, mime_type, created_at, is_active,
                                          profile, profile_version, text
                                     FROM resumes WHERE user_id = $1 ORDER BY id""",
        user_id,
    )
    doc: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": datetime.now(UTC),
        "user": {
            k: user[k]
            for k in (
                "telegram_id",
                "username",
                "language",
                "time_zone",
                "created_at",
                "last_seen_at",
                "is_blocked",
                "is_banned",
            )
        },
        "profile": next((r["profile"] for r in resumes if r["is_active"]), None),
        "preferences": user["preferences"],
        "quiet_hours": (
            {"start": window.start, "end": window.end, "zone": window.zone} if window else None
        ),
        "subscription": {
            "alerts_enabled": user["alerts_enabled"],
            "alert_settings": user["alert_settings"],
        },
        "resumes": resumes,
        "saved_jobs": [
            {
                "posting_id": j.posting_id,
                "status": j.status,
                "note": j.note,
                "applied_at": j.applied_at,
                "updated_at": j.updated_at,
                "job": j.card,
            }
            for j in await _all_tracked(pool, user_id)
        ],
        "feedback": await _rows(
            pool,
            """SELECT posting_id, verdict, details, created_at
                                           FROM feedback WHERE user_id = $1 ORDER BY id""",
            user_id,
        ),
        "resume_vectors": await _rows(
            pool,
            """SELECT v.resume_id, v.model, v.created_at,
                                                      cardinality(v.vector) AS dimensions
                                                 FROM resume_vectors v
                                                 JOIN resumes r ON r.id = v.resume_id
                                                WHERE r.user_id = $1""",
            user_id,
        ),
    }
    for table, column in await user_tables(pool):
        if table not in SHAPED:
            doc[table] = await _rows(
                pool, f"SELECT * FROM {_quoted(table)} WHERE {_quoted(column)} = $1", user_id
            )
    return doc


async def _all_tracked(pool: asyncpg.Pool, user_id: int) -> list[tracker.TrackedJob]:
    rows = await pool.fetch(
        """SELECT posting_id, status, note, card, applied_at, updated_at FROM tracked_jobs
            WHERE user_id = $1 ORDER BY created_at, posting_id""",
        user_id,
    )
    return [tracker.TrackedJob(**dict(r)) for r in rows]


def to_json(doc: dict[str, Any]) -> bytes:
    """UTF-8 JSON; times as ISO 8601, anything else PostgreSQL returns as its text."""

    def plain(value: Any) -> Any:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    return json.dumps(doc, ensure_ascii=False, indent=2, default=plain).encode("utf-8")


async def erase_rows(pool: asyncpg.Pool, user_id: int) -> None:
    """Every row of the user in PostgreSQL: the known ones, then a sweep of user tables."""
    await forget(pool, user_id)
    async with pool.acquire() as conn, conn.transaction():
        for table, column in await user_tables(pool):
            await conn.execute(
                f"DELETE FROM {_quoted(table)} WHERE {_quoted(column)} = $1", user_id
            )


async def erase_keys(redis: Redis | None, user_id: int) -> int:
    """Delete the Redis keys naming the user (a whole ``:``-separated part); how many."""
    if redis is None:
        return 0
    found: set[bytes | str] = set()
    for pattern in (f"*:{user_id}", f"*:{user_id}:*"):
        found.update([key async for key in redis.scan_iter(match=pattern, count=500)])
    return int(await redis.delete(*found)) if found else 0
