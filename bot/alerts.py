"""Push alerts: fresh postings → subscribers whose resume is near → graded → outbox.

For a batch of fresh postings, every posting is embedded once and compared with every
subscriber's resume vector — the very vector the user's own list is ranked with, kept in
``resume_vectors`` (embedded once per resume and model, again only when stale). Only pairs
whose embedding score reaches ``near_margin`` below ``ALERTS__MIN_SCORE`` go on to the
matcher, which grades them with ``alerts=True`` (no relaxation). A posting is queued when
its final score reaches ``ALERTS__MIN_SCORE``, at most ``ALERTS__MAX_PER_DAY`` per user per
UTC day, best first; the outbox's unique ``(user, posting)`` key makes re-runs harmless.
Hidden postings, jobs the user applied to, any copy of those on another board (the index
entry's dedup cluster, :mod:`bot.tracker`) and the user's filters are respected.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import numpy as np

from bot import outbox, render, tracker
from bot.prefs import Preferences
from core.errors import JobbotError
from core.models import Posting
from core.settings import AlertSettings
from scoring.blend import embed_score
from scoring.filters import passes_filters
from scoring.matcher import Match, Matcher
from scoring.profile import Profile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    resume_id: int
    language: str
    preferences: dict[str, Any]
    text: str
    profile: Profile


async def subscribers(pool: asyncpg.Pool) -> list[Subscriber]:
    """Users with alerts on, reachable, not banned, with an active resume."""
    rows = await pool.fetch(
        """SELECT u.telegram_id, u.language, u.preferences, r.id, r.text, r.profile
             FROM users u JOIN resumes r ON r.user_id = u.telegram_id AND r.is_active
            WHERE u.alerts_enabled AND NOT u.is_blocked AND NOT u.is_banned""")
    found = []
    for r in rows:
        profile = Profile.model_validate(r["profile"])
        if not profile.is_empty:  # nothing is ever scored from an empty profile
            found.append(Subscriber(r["telegram_id"], r["id"], r["language"],
                                    r["preferences"], r["text"], profile))
    return found


async def fresh_postings(pool: asyncpg.Pool, since: datetime) -> list[Posting]:
    """Postings scrapers saw for the first time after ``since``."""
    rows = await pool.fetch(
        "SELECT posting FROM scraped_postings WHERE first_seen > $1 ORDER BY first_seen", since)
    return [Posting.model_validate(r["posting"]) for r in rows]


@dataclass(frozen=True)
class Cluster:
    """The posting ids an index entry stands for and how many boards carry it."""

    ids: set[str]
    boards: int


class Alerts:
    """Constructed from built resources; does no I/O until called.

    The pre-filter's band is read for the matcher's own model, whose vectors it compares,
    so vectors of two models are never compared."""

    def __init__(self, pool: asyncpg.Pool, matcher: Matcher, settings: AlertSettings, *,
                 near_margin: float = 15.0) -> None:
        self.pool, self.matcher = pool, matcher
        self.settings, self.near_margin = settings, near_margin

    async def on_postings(self, postings: list[Posting]) -> int:
        """Queue alerts for ``postings``; return how many notifications were queued."""
        if not self.settings.enabled or not postings:
            return 0
        people = await subscribers(self.pool)
        if not people:
            return 0
        vectors = await self.matcher.stored_resume_vectors(
            [(s.resume_id, s.text, s.profile) for s in people])
        near = await self._near(vectors, postings)
        backend = self.matcher.backend
        entries = await backend.get([p.id for p in postings]) if backend is not None else []
        clusters = {e.posting.id: Cluster(set(tracker.cluster_of(e)), tracker.boards(e))
                    for e in entries}
        queued = 0
        for person, vector, candidates in zip(people, vectors, near, strict=True):
            if candidates:
                try:
                    queued += await self._alert_one(person, vector, candidates, clusters)
                except JobbotError as exc:
                    log.warning("alerts for user %s skipped: %s", person.user_id, exc)
        return queued

    async def _near(self, people_vecs: np.ndarray, postings: list[Posting]
                    ) -> list[list[Posting]]:
        """Per subscriber (a row of ``people_vecs``), the postings whose embedding score
        could reach the bar."""
        posting_vecs = await self.matcher.posting_vectors(postings)  # reused by first_list
        cosines: np.ndarray = people_vecs @ posting_vecs.T
        floor = self.settings.min_score - self.near_margin
        model = self.matcher.embedder.name
        return [[p for j, p in enumerate(postings)
                 if embed_score(float(cosines[i, j]), model) >= floor]
                for i in range(len(people_vecs))]

    async def _alert_one(self, person: Subscriber, vector: np.ndarray,
                         candidates: list[Posting], clusters: dict[str, Cluster]) -> int:
        room = self.settings.max_per_day - await outbox.queued_today(self.pool, person.user_id)
        if room <= 0:
            return 0
        # Hidden or applied to, here or on another board (any posting of its cluster).
        excluded = await tracker.excluded_ids(self.pool, person.user_id)
        filters = Preferences.load(person.preferences).to_filters()
        kept = [p for p in candidates
                if not (clusters.get(p.id, Cluster({p.id}, 1)).ids & excluded)
                and passes_filters(p, filters)]
        if not kept:
            return 0
        first = await self.matcher.first_list(person.text, person.profile, filters, postings=kept,
                                              keep_all=True, user_id=person.user_id,
                                              vector=vector)
        graded: list[Match] = [m async for m in self.matcher.grade(
            person.text, person.profile, first, user_id=person.user_id, alerts=True)]
        good = sorted((m for m in graded if m.passes and m.final_score >= self.settings.min_score),
                      key=lambda m: -m.final_score)
        queued = 0
        for match in good:
            if queued >= room:
                break
            boards = clusters.get(match.posting.id, Cluster(set(), 1)).boards
            payload = {"text": render.alert(match, person.language, boards=boards),
                       "lang": person.language,
                       "posting_id": match.posting.id, "score": match.final_score}
            queued += await outbox.enqueue(self.pool, person.user_id, match.posting.id, payload)
        return queued
