"""What the admin console reads: counts, source health, the verifier canary, the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from scrapers import state


async def audit(
    pool: asyncpg.Pool,
    admin_id: int,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Every admin action is written down, including read-only ones."""
    await pool.execute(
        "INSERT INTO admin_audit (admin_id, action, target, details) VALUES ($1, $2, $3, $4)",
        admin_id,
        action,
        target,
        details or {},
    )


async def stats(pool: asyncpg.Pool) -> dict[str, Any]:
    users = await pool.fetchrow(
        """SELECT count(*) AS total,
                  count(*) FILTER (WHERE last_seen_at > now() - interval '7 days') AS active_7d,
                  count(*) FILTER (WHERE alerts_enabled) AS subscribed,
                  count(*) FILTER (WHERE is_blocked) AS blocked,
                  count(*) FILTER (WHERE is_banned) AS banned
             FROM users"""
    )
    resumes = await pool.fetchval("SELECT count(*) FROM resumes WHERE is_active")
    postings = await state.counts(pool)
    llm = await pool.fetch(
        """SELECT provider, count(*) AS calls,
                  count(*) FILTER (WHERE outcome <> 'ok') AS failed
             FROM llm_calls WHERE created_at > now() - interval '1 day'
            GROUP BY provider ORDER BY calls DESC"""
    )
    outbox = await pool.fetch(
        "SELECT status, count(*) AS n FROM notifications GROUP BY status ORDER BY status"
    )
    return {
        "users": dict(users),
        "resumes": resumes,
        "postings": postings,
        "llm_24h": [dict(r) for r in llm],
        "outbox": {r["status"]: r["n"] for r in outbox},
    }


async def sources(pool: asyncpg.Pool) -> list[dict[str, Any]]:
    """Each source that has a row (it ran, or an admin switched it) with its latest run."""
    rows = await pool.fetch(
        """SELECT s.name, s.admin_enabled, s.circuit_state, s.consecutive_failures,
                  s.last_success_at, s.blocked_until,
                  r.status AS last_status, r.started_at AS last_started, r.counts AS last_counts
             FROM sources s
             LEFT JOIN LATERAL (SELECT status, started_at, counts FROM scrape_runs
                                 WHERE source = s.name ORDER BY started_at DESC LIMIT 1) r ON true
            ORDER BY s.name"""
    )
    return [dict(r) for r in rows]


@dataclass(frozen=True)
class CanaryDay:
    day: date
    results: int
    claims: int
    unverified: int

    @property
    def rate(self) -> float:
        return self.unverified / self.claims if self.claims else 0.0


async def canary(pool: asyncpg.Pool, days: int = 14) -> list[CanaryDay]:
    """Unverified share of LLM evidence claims per day (the hallucination canary).

    Rubrics the rules wrote are left out: their evidence is the resume's own lines, always
    verified, and counting them would hide a rising LLM rate behind the rules' volume.
    """
    rows = await pool.fetch(
        """SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS results,
                  coalesce(sum((verifier->>'total_claims')::int), 0) AS claims,
                  coalesce(sum((verifier->>'unverified')::int), 0) AS unverified
             FROM match_results
            WHERE created_at > now() - make_interval(days => $1)
              AND verifier ? 'total_claims' AND provider <> 'rules'
            GROUP BY 1 ORDER BY 1""",
        days,
    )
    return [CanaryDay(**dict(r)) for r in rows]


def trend(days: list[CanaryDay]) -> str:
    """Compare the last three days with the days before them."""
    recent, before = days[-3:], days[:-3]

    def rate(chunk: list[CanaryDay]) -> float:
        claims = sum(d.claims for d in chunk)
        return sum(d.unverified for d in chunk) / claims if claims else 0.0

    if not before or not sum(d.claims for d in before):
        return "not enough history for a trend"
    delta = rate(recent) - rate(before)
    word = "rising" if delta > 0.02 else "falling" if delta < -0.02 else "steady"
    return f"{word}: last 3 days {rate(recent):.1%} vs before {rate(before):.1%}"
