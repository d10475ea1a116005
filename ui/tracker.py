"""The job tracker in PostgreSQL: saved → applied → interviewing → offer, or rejected; hidden.

A tracked job is an index entry (``posting_id`` is the dedup cluster's id). When a job is
tracked the ids of every posting merged into that entry are kept with it (``cluster_ids``),
so a copy of an applied or hidden job that another board carries is never alerted either
(:func:`excluded_ids`). Plain async functions over the pool, as in :mod:`bot.users`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from search.base import IndexedPosting, SearchBackend

# The order /saved shows and the way a job moves along; ``hidden`` is never listed.
STATUSES = ("saved", "applied", "interviewing", "offer", "rejected")
NEXT_STATUS = {"saved": "applied", "applied": "interviewing", "interviewing": "offer"}
# Statuses whose job, and every copy of it, is never alerted again.
NEVER_ALERT = ("applied", "interviewing", "offer", "rejected", "hidden")
NOTE_MAX = 300
CARD_FIELDS = (
    "id",
    "source",
    "url",
    "apply_url",
    "title",
    "company",
    "location",
    "country",
    "city",
    "remote",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "posted_at",
)


@dataclass(frozen=True)
class TrackedJob:
    posting_id: str
    status: str
    note: str | None
    card: dict[str, Any]
    applied_at: datetime | None
    updated_at: datetime

    @property
    def title(self) -> str:
        return str(self.card.get("title") or self.posting_id)


def cluster_of(entry: IndexedPosting) -> list[str]:
    """Every posting id an index entry stands for: its own, merged ones, every link's."""
    ids = [
        entry.posting.id,
        *entry.merged_ids,
        *(link["posting_id"] for link in entry.links if link.get("posting_id")),
    ]
    return list(dict.fromkeys(ids))


def boards(entry: IndexedPosting) -> int:
    """How many distinct boards carry the job."""
    return len({link.get("source") for link in entry.links}) or 1


def card_of(entry: IndexedPosting) -> dict[str, Any]:
    card = entry.posting.model_dump(mode="json", include=set(CARD_FIELDS))
    card["boards"] = boards(entry)
    return card


async def track(
    pool: asyncpg.Pool, backend: SearchBackend, user_id: int, posting_id: str, status: str
) -> TrackedJob:
    """Put a job from a card into the tracker with ``status``.

    Saving never moves a job back (a job already applied to stays applied), hiding only
    takes a job out of the saved ones; ``applied`` replaces any status. The first move
    to ``applied`` stamps ``applied_at``, which the follow-up reminder counts from.
    """
    entries = await backend.get([posting_id])
    cluster = cluster_of(entries[0]) if entries else [posting_id]
    card = card_of(entries[0]) if entries else {"id": posting_id}
    row = await pool.fetchrow(
        """INSERT INTO tracked_jobs AS t (user_id, posting_id, cluster_ids, status, card,
                                          applied_at)
           VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'applied' THEN now() END)
           ON CONFLICT (user_id, posting_id) DO UPDATE
              SET status = CASE WHEN EXCLUDED.status = 'saved' THEN t.status
                                WHEN EXCLUDED.status = 'hidden' AND t.status <> 'saved'
                                     THEN t.status
                                ELSE EXCLUDED.status END,
                  cluster_ids = ARRAY(SELECT DISTINCT unnest(
                                    t.cluster_ids || EXCLUDED.cluster_ids)),
                  card = EXCLUDED.card,
                  applied_at = coalesce(t.applied_at, EXCLUDED.applied_at),
                  updated_at = now()
        RETURNING posting_id, status, note, card, applied_at, updated_at""",
        user_id,
        posting_id,
        cluster,
        status,
        card,
    )
    return TrackedJob(**dict(row))


async def move(pool: asyncpg.Pool, user_id: int, posting_id: str, status: str) -> bool:
    """Move a tracked job to ``status``; ``False`` when the user does not track it."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    result = await pool.execute(
        """UPDATE tracked_jobs
              SET status = $3, updated_at = now(),
                  applied_at = CASE WHEN $3 = 'applied' THEN coalesce(applied_at, now())
                                    ELSE applied_at END
            WHERE user_id = $1 AND posting_id = $2""",
        user_id,
        posting_id,
        status,
    )
    return str(result).endswith(" 1")


async def set_note(pool: asyncpg.Pool, user_id: int, posting_id: str, note: str | None) -> bool:
    """Set (``None``: clear) a job's note; callers bound its length to :data:`NOTE_MAX`."""
    result = await pool.execute(
        "UPDATE tracked_jobs SET note = $3, updated_at = now() "
        "WHERE user_id = $1 AND posting_id = $2",
        user_id,
        posting_id,
        note,
    )
    return str(result).endswith(" 1")


async def remove(pool: asyncpg.Pool, user_id: int, posting_id: str) -> None:
    await pool.execute(
        "DELETE FROM tracked_jobs WHERE user_id = $1 AND posting_id = $2", user_id, posting_id
    )


async def listed(pool: asyncpg.Pool, user_id: int) -> list[TrackedJob]:
    """The user's jobs in /saved order: by status along the way, then the latest first."""
    rows = await pool.fetch(
        """SELECT posting_id, status, note, card, applied_at, updated_at FROM tracked_jobs
            WHERE user_id = $1 AND status = ANY($2::text[])
            ORDER BY array_position($2::text[], status), updated_at DESC, posting_id""",
        user_id,
        list(STATUSES),
    )
    return [TrackedJob(**dict(r)) for r in rows]


async def find(pool: asyncpg.Pool, user_id: int, posting_id: str) -> TrackedJob | None:
    row = await pool.fetchrow(
        """SELECT posting_id, status, note, card, applied_at, updated_at FROM tracked_jobs
            WHERE user_id = $1 AND posting_id = $2""",
        user_id,
        posting_id,
    )
    return TrackedJob(**dict(row)) if row else None


async def excluded_ids(pool: asyncpg.Pool, user_id: int) -> set[str]:
    """Posting ids never to alert the user about: hidden ones (feedback or tracker) and
    applied-or-later ones, with every posting of their clusters."""
    return (await excluded_many(pool, [user_id])).get(user_id, set())


async def excluded_many(pool: asyncpg.Pool, user_ids: list[int]) -> dict[int, set[str]]:
    """:func:`excluded_ids` for many users in one query (absent: nothing excluded)."""
    rows = await pool.fetch(
        """SELECT user_id, unnest(cluster_ids || posting_id) AS id FROM tracked_jobs
            WHERE user_id = ANY($1::bigint[]) AND status = ANY($2::text[])
           UNION
           SELECT user_id, posting_id FROM feedback
            WHERE user_id = ANY($1::bigint[]) AND verdict = 'hidden'""",
        user_ids,
        list(NEVER_ALERT),
    )
    found: dict[int, set[str]] = {}
    for r in rows:
        found.setdefault(r["user_id"], set()).add(r["id"])
    return found
