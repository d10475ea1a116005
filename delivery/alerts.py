"""Push alerts: fresh postings → subscribers whose resume is near → graded → outbox.

For a batch of fresh postings, every posting's vector (the index's own, from ingest; else
embedded once) meets every subscriber's resume vector in one matrix product. A resume's
vector is the very one the user's own list is ranked with, kept in ``resume_vectors``
(embedded once per resume and model, again only when stale). Only pairs whose embedding
score reaches ``near_margin`` below ``ALERTS__MIN_SCORE`` go on, the nearest
``shortlist × room`` of them (room: what the daily cap or the digest still takes). Without
an LLM the rules score those in numbers only, from the resume's facts found when it was
stored (:mod:`scoring.resume_facts`) and each posting's requirements read once per round;
a full rubric is written only for the best ``room`` that reach the bar, the ones that can
be sent. With an LLM the matcher grades the shortlist (it may lift what the rules sink).
Nothing is relaxed (``alerts=True``). A posting is queued when its final score reaches
``ALERTS__MIN_SCORE``, at most ``ALERTS__MAX_PER_DAY`` per user per UTC day, best first;
the outbox's unique ``(user, posting)`` key makes re-runs harmless. Hidden postings, jobs
the user applied to, any copy of those on another board (the index entry's dedup cluster,
:mod:`ui.tracker`) and the user's filters are respected. A digest subscriber's matches
pass the same bar and are kept for their digest instead (:mod:`delivery.digest`). A round reads
what it needs for all subscribers in a few queries and writes what it found (outbox rows,
digest items, match-cache rows) in one statement per table at its end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

import asyncpg
import numpy as np

from core.errors import JobbotError
from core.models import Posting
from core.settings import AlertSettings
from delivery import digest, outbox
from delivery.subscribers import Subscriber, subscribers
from scoring.blend import BANDS, SEED_BAND
from scoring.features import PostingSide, ResumeSide, posting_side, too_far
from scoring.match import Match, ranked
from scoring.ranking import ResumeRanking
from scoring.rubric import on_100
from scoring.rules_grader import JobSide, assess, job_side
from scoring.store import CacheKey
from scrapers import state
from search.base import IndexedPosting
from search.filters import Filters, passes_filters
from ui import render, tracker
from ui.prefs import Preferences

log = logging.getLogger(__name__)


async def fresh_postings(pool: asyncpg.Pool, since: datetime) -> list[Posting]:
    """Postings scrapers saw for the first time after ``since`` (the table is the scrapers')."""
    return await state.first_seen_since(pool, since)


@dataclass(frozen=True)
class Cluster:
    """The posting ids an index entry stands for and how many boards carry it."""

    ids: set[str]
    boards: int


@dataclass
class Found:
    """What a round reads once for all its subscribers, and what it finds for them: queued
    today and excluded postings per user, the fresh postings' clusters and what the parts
    and the rules read of each posting whatever the resume (:class:`PostingSide`,
    :class:`JobSide`), read once per round;
    then the outbox rows, digest items and match-cache rows it writes at its end."""

    today: dict[int, int]
    excluded: dict[int, set[str]]
    clusters: dict[str, Cluster]
    posts: dict[str, PostingSide]
    jobs: dict[str, JobSide]
    notes: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    kept: list[tuple[int, Match]] = field(default_factory=list)
    cache_rows: list[tuple[CacheKey, dict[str, Any]]] = field(default_factory=list)


class Alerts:
    """Constructed from built resources; does no I/O until called.

    The pre-filter's band is read for the matcher's own model, whose vectors it compares,
    so vectors of two models are never compared."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        ranking: ResumeRanking,
        settings: AlertSettings,
        *,
        near_margin: float = 15.0,
        shortlist: int = 2,
    ) -> None:
        self.pool, self.ranking, self.matcher = pool, ranking, ranking.matcher
        self.settings, self.near_margin, self.shortlist = settings, near_margin, shortlist

    async def on_entries(self, entries: list[IndexedPosting]) -> int:
        """:meth:`on_postings` for index entries, with the vectors the index holds (the ones
        the user's own list is ranked with): nothing is embedded again."""
        held = [e.vector for e in entries if e.vector is not None]
        if not entries or len(held) < len(entries):
            return await self.on_postings([e.posting for e in entries])
        return await self.on_postings([e.posting for e in entries], np.stack(held))

    async def on_postings(
        self, postings: list[Posting], posting_vecs: np.ndarray | None = None
    ) -> int:
        """Queue alerts for ``postings``; return how many notifications were queued.
        ``posting_vecs`` (one unit row per posting, the matcher's model) spares embedding."""
        if not self.settings.enabled or not postings:
            return 0
        people = await subscribers(self.pool)
        if not people:
            return 0
        vectors = await self.ranking.stored_vectors(
            [(s.resume_id, s.text, s.profile) for s in people]
        )
        if posting_vecs is None:
            posting_vecs = await self.matcher.posting_vectors(postings)
        self.matcher.remember_posting_vectors(postings, posting_vecs)  # first_list reads them
        near = self._near(vectors, posting_vecs, postings)
        active = [(p, v, c) for p, v, c in zip(people, vectors, near, strict=True) if c]
        ids = [p.user_id for p, _, _ in active]
        found = Found(
            await outbox.queued_today_many(self.pool, ids),
            await tracker.excluded_many(self.pool, ids),
            await self._clusters(postings),
            {p.id: posting_side(p) for p in postings},
            {p.id: job_side(p) for p in postings},
        )
        for person, vector, candidates in active:
            try:
                await self._alert_one(person, vector, candidates, found)
            except JobbotError as exc:
                log.warning("alerts for user %s skipped: %s", person.user_id, exc)
        # Everything the round found is written at its end, a statement per table.
        await self.matcher.cache.put_many(found.cache_rows)
        await digest.keep(self.pool, found.kept)
        return await outbox.enqueue_many(self.pool, found.notes)

    async def _clusters(self, postings: list[Posting]) -> dict[str, Cluster]:
        """Each fresh posting's dedup cluster, read once for the whole round."""
        backend = self.matcher.backend
        entries = await backend.get([p.id for p in postings]) if backend is not None else []
        return {
            e.posting.id: Cluster(set(tracker.cluster_of(e)), tracker.boards(e)) for e in entries
        }

    def _near(
        self, people_vecs: np.ndarray, posting_vecs: np.ndarray, postings: list[Posting]
    ) -> list[list[tuple[Posting, float]]]:
        """Per subscriber (a row of ``people_vecs``), the postings whose embedding score
        could reach the bar with their cosine, nearest first: one matrix product."""
        band = BANDS.get(self.matcher.embedder.name, SEED_BAND)
        floor = self.settings.min_score - self.near_margin
        cosines = people_vecs @ posting_vecs.T
        scores = np.clip(20.0 + (cosines - band.low) * 72.0 / (band.high - band.low), 0.0, 100.0)
        order = np.argsort(-scores, axis=1, kind="stable")
        near = []
        for row, cos, by_score in zip(scores, cosines, order, strict=True):
            by_score = by_score[row[by_score] >= floor - 0.05]  # the rounding to 0.1 aside
            near.append(
                [
                    (postings[j], c)
                    for j, c in zip(by_score.tolist(), cos[by_score].tolist(), strict=True)
                ]
            )
        return near

    async def _alert_one(
        self,
        person: Subscriber,
        vector: np.ndarray,
        candidates: list[tuple[Posting, float]],
        found: Found,
    ) -> None:
        instant = person.cadence == "instant"
        # A digest caps its own entries when it is sent; a round keeps it enough to choose from.
        room = (
            self.settings.max_per_day - found.today.get(person.user_id, 0)
            if instant
            else min(self.settings.digest_size, self.settings.max_per_day)
        )
        if room <= 0:
            return
        # Hidden or applied to, here or on another board (any posting of its cluster).
        excluded = found.excluded.get(person.user_id, set())
        filters = Preferences.load(person.preferences).to_filters()
        # Only the nearest few are graded: at most ``room`` can be sent, and a posting far
        # down the embedding order seldom overtakes all of them once graded.
        kept = list(
            islice(
                (
                    (p, s)
                    for p, s in candidates
                    if not (found.clusters.get(p.id, Cluster({p.id}, 1)).ids & excluded)
                    and passes_filters(p, filters)
                ),
                self.shortlist * room,
            )
        )
        if not kept:
            return
        if self.matcher.cascade.has_providers:  # the LLM grades: it may lift what rules sink
            graded = await self._graded(person, vector, [p for p, _ in kept], filters)
        else:
            graded = await self._by_rules(person, kept, found, room, filters)
        good = ranked(m for m in graded if m.passes and m.final_score >= self.settings.min_score)[
            :room
        ]
        if not instant:
            found.kept += [(person.user_id, m) for m in good]
            return
        for match in good:
            boards = found.clusters.get(match.posting.id, Cluster(set(), 1)).boards
            found.notes.append(
                (
                    person.user_id,
                    match.posting.id,
                    {
                        "text": render.alert(match, person.language, boards=boards),
                        "lang": person.language,
                        "posting_id": match.posting.id,
                        "score": match.final_score,
                    },
                )
            )

    async def _graded(
        self, person: Subscriber, vector: np.ndarray, postings: list[Posting], filters: Filters
    ) -> list[Match]:
        first = await self.matcher.first_list(
            person.text,
            person.profile,
            filters,
            postings=postings,
            keep_all=True,
            user_id=person.user_id,
            vector=vector,
        )
        return [
            m
            async for m in self.matcher.grade(
                person.text,
                person.profile,
                first,
                user_id=person.user_id,
                alerts=True,
                facts=person.facts,
            )
        ]

    async def _by_rules(
        self,
        person: Subscriber,
        kept: list[tuple[Posting, float]],
        found: Found,
        room: int,
        filters: Filters,
    ) -> list[Match]:
        """The rules' grade: every kept pair scored in numbers (:func:`assess`), a rubric
        written only for the best ``room`` that reach the bar, the ones that can be sent."""
        side = ResumeSide(person.profile, frozenset(person.facts.skills), person.facts.words)
        firsts = self.matcher.at_cosines(kept, side, found.posts)
        if not filters.any_level:  # as the chat's first list: one level away at most
            firsts = [m for m in firsts if not too_far(m.parts)]
        scored = []
        for first in firsts:
            grade = assess(
                person.profile, first.posting, person.facts, found.jobs.get(first.posting.id)
            )
            scored.append((self.matcher.graded_final(first, on_100(grade.score)), first))
        # The very numbers the rubric's blend gives: what falls short here falls short there.
        likely = [
            m for s, m in sorted(scored, key=lambda x: -x[0]) if s >= self.settings.min_score
        ][:room]
        graded, rows = self.matcher.rules_matches(
            person.text, person.profile, likely, person.facts, alerts=True
        )
        found.cache_rows += rows
        return graded
