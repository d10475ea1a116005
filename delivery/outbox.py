"""The notification outbox in PostgreSQL: enqueue once, claim with a lease, settle.

A row is ``pending`` until a sender claims it (``sending`` + ``lease_until``), then ends
``sent``, ``failed`` (gave up after retries) or ``dropped`` (can never be delivered).
``next_attempt`` is a row's not-before time: retries, rate-limit waits and quiet hours
(:func:`hold`) move it forward.
A sender that dies mid-batch simply stops renewing: when the lease runs out the row is
claimable again, so nothing is lost. ``(user_id, posting_id)`` is unique, so a posting
is queued for a user at most once, however often alerts run.

Delivery is at least once with a guard: right before sending, :func:`renew` checks that
the lease is still ours (a stalled sender whose lease was taken over skips the row), so a
duplicate needs a crash in the instant between Telegram's reply and :func:`mark_sent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg


@dataclass(frozen=True)
class Notification:
    id: int
    user_id: int
    posting_id: str
    payload: dict[str, Any]
    attempts: int
    lease_until: datetime


async def enqueue(
    pool: asyncpg.Pool, user_id: int, posting_id: str, payload: dict[str, Any]
) -> bool:
    """Queue a message; ``False`` when this posting was already queued for this user."""
    row = await pool.fetchval(
        """INSERT INTO notifications (user_id, posting_id, payload) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, posting_id) DO NOTHING RETURNING id""",
        user_id,
        posting_id,
        payload,
    )
    return row is not None


async def enqueue_many(pool: asyncpg.Pool, rows: Sequence[tuple[int, str, dict[str, Any]]]) -> int:
    """:func:`enqueue` for many ``(user, posting, payload)`` rows in one statement; how many
    were new."""
    if not rows:
        return 0
    users, postings, payloads = zip(*rows, strict=True)
    found = await pool.fetch(
        """INSERT INTO notifications (user_id, posting_id, payload)
           SELECT u, p, d FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS x(u, p, d)
           ON CONFLICT (user_id, posting_id) DO NOTHING RETURNING id""",
        list(users),
        list(postings),
        list(payloads),
    )
    return len(found)


async def claim(
    pool: asyncpg.Pool, limit: int, lease_s: float, now: datetime | None = None
) -> list[Notification]:
    """Lease up to ``limit`` due rows (pending, or sending with an expired lease).

    A pending row is due once its ``next_attempt`` (its not-before time) has come, by
    ``now`` when given (the sender's clock), else the database's. Leases always run on the
    database's clock. ``FOR UPDATE SKIP LOCKED`` lets several senders claim at once without
    blocking or taking the same row. Each claim counts as an attempt.
    """
    rows = await pool.fetch(
        """UPDATE notifications n
              SET status = 'sending', attempts = n.attempts + 1,
                  lease_until = now() + make_interval(secs => $2)
             FROM (SELECT id FROM notifications
                    WHERE (status = 'pending' AND next_attempt <= coalesce($3, now()))
                       OR (status = 'sending' AND lease_until < now())
                    ORDER BY next_attempt, id
                    LIMIT $1
                    FOR UPDATE SKIP LOCKED) due
            WHERE n.id = due.id
        RETURNING n.id, n.user_id, n.posting_id, n.payload, n.attempts, n.lease_until""",
        limit,
        lease_s,
        now,
    )
    return sorted((Notification(**dict(r)) for r in rows), key=lambda n: n.id)


async def renew(pool: asyncpg.Pool, note: Notification, lease_s: float) -> Notification | None:
    """Extend our lease if we still hold it; ``None`` means another sender took the row."""
    lease = await pool.fetchval(
        """UPDATE notifications SET lease_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND status = 'sending' AND lease_until = $2 RETURNING lease_until""",
        note.id,
        note.lease_until,
        lease_s,
    )
    if lease is None:
        return None
    return Notification(note.id, note.user_id, note.posting_id, note.payload, note.attempts, lease)


async def mark_sent(pool: asyncpg.Pool, note_id: int) -> None:
    await pool.execute(
        """UPDATE notifications SET status = 'sent', sent_at = now(), lease_until = NULL,
                  last_error = NULL WHERE id = $1""",
        note_id,
    )


async def retry_later(
    pool: asyncpg.Pool, note_id: int, delay_s: float, error: str, count_attempt: bool = True
) -> None:
    """Back to pending after ``delay_s``. Rate-limit waits are not failures: they give the
    attempt back (``count_attempt=False``) so a busy hour cannot exhaust the retries."""
    await pool.execute(
        """UPDATE notifications
              SET status = 'pending', lease_until = NULL, last_error = $3,
                  next_attempt = now() + make_interval(secs => $2),
                  attempts = CASE WHEN $4 THEN attempts ELSE greatest(attempts - 1, 0) END
            WHERE id = $1""",
        note_id,
        delay_s,
        error[:500],
        count_attempt,
    )


async def hold(pool: asyncpg.Pool, note_id: int, until: datetime, reason: str) -> None:
    """Back to pending, not before ``until`` (quiet hours); the attempt is given back."""
    await pool.execute(
        """UPDATE notifications
              SET status = 'pending', lease_until = NULL, last_error = $3, next_attempt = $2,
                  attempts = greatest(attempts - 1, 0)
            WHERE id = $1""",
        note_id,
        until,
        reason[:500],
    )


async def settle(pool: asyncpg.Pool, note_id: int, status: str, error: str) -> None:
    """End a row as ``failed`` or ``dropped`` with the reason kept for admins."""
    if status not in ("failed", "dropped"):
        raise ValueError(f"settle() ends a row as failed or dropped, not {status!r}")
    await pool.execute(
        "UPDATE notifications SET status = $2, lease_until = NULL, last_error = $3 WHERE id = $1",
        note_id,
        status,
        error[:500],
    )


async def drop_user_pending(pool: asyncpg.Pool, user_id: int, reason: str) -> int:
    """Drop everything still queued for a user (they blocked the bot or were banned)."""
    result = await pool.execute(
        """UPDATE notifications SET status = 'dropped', lease_until = NULL, last_error = $2
            WHERE user_id = $1 AND status IN ('pending', 'sending')""",
        user_id,
        reason,
    )
    return int(result.split()[-1])


async def count_by_status(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch("SELECT status, count(*) AS n FROM notifications GROUP BY status")
    return {r["status"]: r["n"] for r in rows}


async def queued_today(pool: asyncpg.Pool, user_id: int) -> int:
    """Notifications created for a user since midnight UTC (the daily alert cap)."""
    value = await pool.fetchval(
        """SELECT count(*) FROM notifications
            WHERE user_id = $1 AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC')
                                                 AT TIME ZONE 'UTC'""",
        user_id,
    )
    return int(value)


async def queued_today_many(pool: asyncpg.Pool, user_ids: list[int]) -> dict[int, int]:
    """:func:`queued_today` for many users in one query (absent: none today)."""
    rows = await pool.fetch(
        """SELECT user_id, count(*) AS n FROM notifications
            WHERE user_id = ANY($1::bigint[])
              AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
            GROUP BY user_id""",
        user_ids,
    )
    return {r["user_id"]: int(r["n"]) for r in rows}
