"""What the bot keeps about a user in PostgreSQL: the row, resumes, feedback, forgetting.

Plain async functions over the pool; the handlers call them and hold no SQL of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg


@dataclass(frozen=True)
class User:
    telegram_id: int
    language: str
    preferences: dict[str, Any]
    alerts_enabled: bool
    is_banned: bool
    is_new: bool  # created by this very update


@dataclass(frozen=True)
class StoredResume:
    id: int
    text: str
    profile: dict[str, Any]
    file_hash: str


async def upsert_user(
    pool: asyncpg.Pool, telegram_id: int, username: str | None, language: str
) -> User:
    """Create or refresh the row. Writing to us means the user no longer blocks the bot."""
    row = await pool.fetchrow(
        """INSERT INTO users (telegram_id, username, language) VALUES ($1, $2, $3)
           ON CONFLICT (telegram_id) DO UPDATE
              SET username = EXCLUDED.username, last_seen_at = now(), is_blocked = false
        RETURNING telegram_id, language, preferences, alerts_enabled, is_banned,
                  (xmax = 0) AS is_new""",
        telegram_id,
        username,
        language,
    )
    return User(**dict(row))


async def set_language(pool: asyncpg.Pool, user_id: int, language: str) -> None:
    await pool.execute("UPDATE users SET language = $2 WHERE telegram_id = $1", user_id, language)


async def update_preferences(
    pool: asyncpg.Pool, user_id: int, change: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """Apply ``change`` to the stored preferences under a row lock and return the result.

    Updates of one user run concurrently (aiogram handles each as a task), so a plain
    read-modify-write would let two quick /prefs commands overwrite each other.
    Whatever ``change`` raises aborts the update.
    """
    async with pool.acquire() as conn, conn.transaction():
        current = await conn.fetchval(
            "SELECT preferences FROM users WHERE telegram_id = $1 FOR UPDATE", user_id
        )
        updated = change(current or {})
        await conn.execute(
            "UPDATE users SET preferences = $2 WHERE telegram_id = $1", user_id, updated
        )
        return updated


async def set_alerts(pool: asyncpg.Pool, user_id: int, enabled: bool) -> None:
    await pool.execute(
        "UPDATE users SET alerts_enabled = $2 WHERE telegram_id = $1", user_id, enabled
    )


async def set_banned(pool: asyncpg.Pool, user_id: int, banned: bool) -> bool:
    """Ban or unban; ``False`` when no such user exists."""
    result = await pool.execute(
        "UPDATE users SET is_banned = $2, alerts_enabled = alerts_enabled AND NOT $2 "
        "WHERE telegram_id = $1",
        user_id,
        banned,
    )
    return str(result).endswith(" 1")


async def save_resume(
    pool: asyncpg.Pool,
    user_id: int,
    *,
    text: str,
    file_hash: str,
    file_name: str | None,
    mime_type: str | None,
    profile: dict[str, Any],
    profile_version: str,
    facts: dict[str, Any] | None = None,
) -> int:
    """Store a resume as the user's only active one (the same text again is refreshed).
    ``facts``: what the rule grader reads of it (:mod:`scoring.resume_facts`)."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            "UPDATE resumes SET is_active = false WHERE user_id = $1 AND is_active", user_id
        )
        return int(
            await conn.fetchval(
                """INSERT INTO resumes (user_id, file_hash, file_name, mime_type, text, profile,
                                    profile_version, facts)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (user_id, file_hash) DO UPDATE
                  SET is_active = true, profile = EXCLUDED.profile, created_at = now(),
                      profile_version = EXCLUDED.profile_version, facts = EXCLUDED.facts
            RETURNING id""",
                user_id,
                file_hash,
                file_name,
                mime_type,
                text,
                profile,
                profile_version,
                facts,
            )
        )


async def active_resume(pool: asyncpg.Pool, user_id: int) -> StoredResume | None:
    row = await pool.fetchrow(
        "SELECT id, text, profile, file_hash FROM resumes WHERE user_id = $1 AND is_active "
        "ORDER BY created_at DESC LIMIT 1",
        user_id,
    )
    return StoredResume(**dict(row)) if row else None


async def add_feedback(
    pool: asyncpg.Pool,
    user_id: int,
    posting_id: str,
    verdict: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Record a verdict; good and bad replace each other, the latest press wins."""
    async with pool.acquire() as conn, conn.transaction():
        if verdict in ("good", "bad"):
            await conn.execute(
                "DELETE FROM feedback WHERE user_id = $1 AND posting_id = $2 "
                "AND verdict IN ('good', 'bad')",
                user_id,
                posting_id,
            )
        await conn.execute(
            """INSERT INTO feedback (user_id, posting_id, verdict, details) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id, posting_id, verdict) DO UPDATE SET created_at = now()""",
            user_id,
            posting_id,
            verdict,
            details or {},
        )


async def hidden_postings(pool: asyncpg.Pool, user_id: int) -> set[str]:
    rows = await pool.fetch(
        "SELECT posting_id FROM feedback WHERE user_id = $1 AND verdict = 'hidden'", user_id
    )
    return {r["posting_id"] for r in rows}


async def forget(pool: asyncpg.Pool, user_id: int) -> None:
    """Delete the user and everything derived from them.

    Resumes, notifications and feedback go with the user row (ON DELETE CASCADE); match
    results are keyed by resume hash and LLM calls by user id, so they are deleted here.
    """
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            """DELETE FROM match_results WHERE resume_hash IN (
                   SELECT file_hash FROM resumes WHERE user_id = $1)""",
            user_id,
        )
        await conn.execute("DELETE FROM llm_calls WHERE user_id = $1", user_id)
        await conn.execute("DELETE FROM users WHERE telegram_id = $1", user_id)
