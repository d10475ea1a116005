"""Who an alert round serves: subscribers with their resume, its profile and grading facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from scoring.profile import Profile
from scoring.resume_facts import ResumeFacts


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    resume_id: int
    language: str
    preferences: dict[str, Any]
    text: str
    profile: Profile
    facts: ResumeFacts
    cadence: str = "instant"  # or a digest's: daily, weekly


async def subscribers(pool: asyncpg.Pool) -> list[Subscriber]:
    """Users with alerts on, reachable, not banned, with an active resume. A resume whose
    grading facts are missing or stale gets them now, written back in one statement."""
    rows = await pool.fetch(
        """SELECT u.telegram_id, u.language, u.preferences, r.id, r.text, r.profile, r.facts,
                  coalesce(d.cadence, 'instant') AS cadence
             FROM users u JOIN resumes r ON r.user_id = u.telegram_id AND r.is_active
             LEFT JOIN digest_subscriptions d ON d.user_id = u.telegram_id
            WHERE u.alerts_enabled AND NOT u.is_blocked AND NOT u.is_banned"""
    )
    found, stale = [], []
    for r in rows:
        profile = Profile.model_validate(r["profile"])
        if profile.is_empty:  # nothing is ever scored from an empty profile
            continue
        facts = ResumeFacts.from_json(r["facts"])
        if facts is None:
            facts = ResumeFacts.of(r["text"], profile)
            stale.append((r["id"], facts.to_json()))
        found.append(
            Subscriber(
                r["telegram_id"],
                r["id"],
                r["language"],
                r["preferences"],
                r["text"],
                profile,
                facts,
                r["cadence"],
            )
        )
    if stale:
        await pool.execute(
            """UPDATE resumes r SET facts = x.f
                 FROM unnest($1::bigint[], $2::jsonb[]) AS x(id, f) WHERE r.id = x.id""",
            [i for i, _ in stale],
            [f for _, f in stale],
        )
    return found
