"""Push alerts: fresh postings → subscribers whose resume is near → graded → outbox.

For a batch of fresh postings, every posting's vector (the index's own, from ingest; else
embedded once) meets every subscriber's resume vector in one matrix product. A resume's
vector is the very one the user's own list is ranked with, kept in ``resume_vectors``
(embedded once per resume and model, again only when stale). Only pairs whose embedding
score reaches ``near_margin`` below ``ALERTS__MIN_SCORE`` go on to the matcher, which
grades the nearest ``shortlist × room`` of them (room: what the daily cap or the digest
still takes) with ``alerts=True`` (no relaxation). A posting is queued when its final score
reaches ``ALERTS__MIN_SCORE``, at most ``ALERTS__MAX_PER_DAY`` per user per UTC day, best
first; the outbox's unique ``(user, posting)`` key makes re-runs harmless. Hidden postings,
jobs the user applied to, any copy of those on another board (the index entry's dedup
cluster, :mod:`bot.tracker`) and the user's filters are respected. A digest subscriber's
matches pass the same bar and are kept for their digest instead (:mod:`bot.digest`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import numpy as np

from bot import digest, outbox, render, tracker
from bot.prefs import Preferences
from core.errors import JobbotError
from core.models import Posting
from core.settings import AlertSettings
from scoring.blend import BANDS, SEED_BAND
from scoring.filters import passes_filters
from scoring.matcher import Match, Matcher
from scoring.profile import Profile
from search.base import IndexedPosting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    resume_id: int
    language: str
    preferences: dict[str, Any]
    text: str
    profile: Profile
    cadence: str = "instant"  # or a digest's: daily, weekly


async def subscribers(pool: asyncpg.Pool) -> list[Subscriber]:
    """Users with alerts on, reachable, not banned, with an active resume."""
    rows = await pool.fetch(
        """SELECT u.telegram_id, u.language, u.preferences, r.id, r.text, r.profile,
                  coalesce(d.cadence, 'instant') AS cadence
             FROM users u JOIN resumes r ON r.user_id = u.telegram_id AND r.is_active
             LEFT JOIN digest_subscriptions d ON d.user_id = u.telegram_id
            WHERE u.alerts_enabled AND NOT u.is_blocked AND NOT u.is_banned""")
    found = []
    for r in rows:
        profile = Profile.model_validate(r["profile"])
        if not profile.is_empty:  # nothing is ever scored from an empty profile
            found.append(Subscriber(r["telegram_id"], r["id"], r["language"],
                                    r["preferences"], r["text"], profile, r["cadence"]))
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
                 near_margin: float = 15.0, shortlist: int = 2) -> None:
        self.pool, self.matcher = pool, matcher
        self.settings, self.near_margin, self.shortlist = settings, near_margin, shortlist

    async def on_entries(self, entries: list[IndexedPosting]) -> int:
        """:meth:`on_postings` for index entries, with the vectors the index holds (the ones
        the user's own list is ranked with): nothing is embedded again."""
        held = [e.vector for e in entries if e.vector is not None]
        if not entries or len(held) < len(entries):
            return await self.on_postings([e.posting for e in entries])
        return await self.on_postings([e.posting for e in entries], np.stack(held))

    async def on_postings(self, postings: list[Posting],
                          posting_vecs: np.ndarray | None = None) -> int:
        """Queue alerts for ``postings``; return how many notifications were queued.
        ``posting_vecs`` (one unit row per posting, the matcher's model) spares embedding."""
        if not self.settings.enabled or not postings:
            return 0
        people = await subscribers(self.pool)
        if not people:
            return 0
        vectors = await self.matcher.stored_resume_vectors(
            [(s.resume_id, s.text, s.profile) for s in people])
        if posting_vecs is None:
            posting_vecs = await self.matcher.posting_vectors(postings)
        self.matcher.remember_posting_vectors(postings, posting_vecs)  # first_list reads them
        near = self._near(vectors, posting_vecs, postings)
        today = await outbox.queued_today_many(
            self.pool, [p.user_id for p, c in zip(people, near, strict=True) if c])
        clusters = await self._clusters(postings)
        queued = 0
        for person, vector, candidates in zip(people, vectors, near, strict=True):
            if candidates:
                try:
                    queued += await self._alert_one(person, vector, candidates,
                                                    today.get(person.user_id, 0), clusters)
                except JobbotError as exc:
                    log.warning("alerts for user %s skipped: %s", person.user_id, exc)
        return queued

    async def _clusters(self, postings: list[Posting]) -> dict[str, Cluster]:
        """Each fresh posting's dedup cluster, read once for the whole round."""
        backend = self.matcher.backend
        entries = await backend.get([p.id for p in postings]) if backend is not None else []
        return {e.posting.id: Cluster(set(tracker.cluster_of(e)), tracker.boards(e))
                for e in entries}

    def _near(self, people_vecs: np.ndarray, posting_vecs: np.ndarray,
              postings: list[Posting]) -> list[list[Posting]]:
        """Per subscriber (a row of ``people_vecs``), the postings whose embedding score
        could reach the bar, nearest first: one matrix product, scored in one pass."""
        band = BANDS.get(self.matcher.embedder.name, SEED_BAND)
        floor = self.settings.min_score - self.near_margin
        scores = np.clip(20.0 + (people_vecs @ posting_vecs.T - band.low) * 72.0
                         / (band.high - band.low), 0.0, 100.0).round(1)
        order = np.argsort(-scores, axis=1, kind="stable")
        return [[postings[j] for j in row if scores[i, j] >= floor]
                for i, row in enumerate(order)]

    async def _alert_one(self, person: Subscriber, vector: np.ndarray,
                         candidates: list[Posting], queued_today: int,
                         clusters: dict[str, Cluster]) -> int:
        instant = person.cadence == "instant"
        # A digest caps its own entries when it is sent; a round keeps it enough to choose from.
        room = (self.settings.max_per_day - queued_today if instant
                else min(self.settings.digest_size, self.settings.max_per_day))
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
        # Only the nearest few are graded: at most ``room`` can be sent, and a posting far
        # down the embedding order seldom overtakes all of them once graded.
        kept = kept[:self.shortlist * room]
        first = await self.matcher.first_list(person.text, person.profile, postings=kept,
                                              keep_all=True, user_id=person.user_id,
                                              vector=vector)
        graded: list[Match] = [m async for m in self.matcher.grade(
            person.text, person.profile, first, user_id=person.user_id, alerts=True)]
        good = sorted((m for m in graded if m.passes and m.final_score >= self.settings.min_score),
                      key=lambda m: -m.final_score)
        if not instant:
            await digest.keep(self.pool, person.user_id, good)
            return 0
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
