"""The matcher: a fast first list from embeddings, then graded matches as they complete.

``first_list`` never waits for an LLM: it retrieves candidates (from the index, or from the
postings given), maps cosines onto the embedding band and applies the relaxation ladder.
``grade`` (:class:`scoring.grading.Grading`, which the matcher is) then runs the rubric on
the top K (LLM cascade, bounded concurrency) and the rules on the rest, verifies, blends and
yields each match the moment it is ready; cache hits are yielded at once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from core.models import Posting
from core.settings import LLMSettings, MatchSettings
from scoring.blend import embed_score, relaxed_threshold, tier
from scoring.errors import EmptyProfile
from scoring.features import PostingSide, ResumeSide, parts, resume_side, too_far
from scoring.grading import Grading
from scoring.llm import LLMCascade
from scoring.match import FirstList, Match, ranked, resume_hash
from scoring.profile import Profile
from scoring.store import (
    MatchCache,
    MemoryCache,
)
from scoring.vectors import input_hash, query_vector
from scoring.weights import first_score
from search.base import Query, SearchBackend
from search.embeddings import Embedder
from search.filters import Filters, passes_filters
from search.text import embed_text


class Matcher(Grading):
    """Constructed from resources built elsewhere; does no I/O until called."""

    def __init__(
        self,
        backend: SearchBackend | None,
        embedder: Embedder,
        cascade: LLMCascade,
        match_settings: MatchSettings,
        llm_settings: LLMSettings,
        *,
        cache: MatchCache | None = None,
        posting_text: Callable[[Posting], str] = embed_text,
    ) -> None:
        self.backend = backend
        # The one text of a posting that is embedded, here and in the index (search.text).
        self.posting_text = posting_text
        self.embedder = embedder
        self.cascade = cascade
        self.settings = match_settings
        self.llm_settings = llm_settings
        # The stores are the composition root's choice (runtime.deps); memory when none given.
        self.cache: MatchCache = cache or MemoryCache()
        # Resume vectors by input hash: a user's repeated /matches skips the embedding.
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        # Posting vectors by text hash: an alert round ranks one batch for many subscribers.
        self._posting_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    async def resume_vector(self, resume_text: str, profile: Profile) -> np.ndarray:
        """The resume's unit vector (:mod:`scoring.vectors`), kept in memory by input hash."""
        key = input_hash(resume_text, profile)
        if key in self._vectors:
            self._vectors.move_to_end(key)
            return self._vectors[key]
        vector = await query_vector(self.embedder, resume_text, profile)
        self._vectors[key] = vector
        if len(self._vectors) > 512:
            self._vectors.popitem(last=False)
        return vector

    async def posting_vectors(self, postings: Sequence[Posting]) -> np.ndarray:
        """Unit vectors of the given postings, one row each; each text is embedded once."""
        texts = {resume_hash(text): text for text in map(self.posting_text, postings)}
        keys = list(map(resume_hash, map(self.posting_text, postings)))
        todo = [key for key in texts if key not in self._posting_vectors]
        if todo:
            fresh = await self.embedder.embed([texts[key] for key in todo])
            self._posting_vectors.update(zip(todo, fresh, strict=True))
        rows = []
        for key in keys:
            self._posting_vectors.move_to_end(key)
            rows.append(self._posting_vectors[key])
        while len(self._posting_vectors) > 4096:
            self._posting_vectors.popitem(last=False)
        return np.stack(rows) if rows else np.zeros((0, self.embedder.dims), dtype=np.float32)

    def remember_posting_vectors(self, postings: Sequence[Posting], vectors: np.ndarray) -> None:
        """Rank these postings with these unit vectors from now on (an alert round hands in
        the index's own, so nothing is embedded twice)."""
        for posting, vector in zip(postings, vectors, strict=True):
            key = resume_hash(self.posting_text(posting))
            self._posting_vectors[key] = vector
            self._posting_vectors.move_to_end(key)
        while len(self._posting_vectors) > 4096:
            self._posting_vectors.popitem(last=False)

    async def first_list(
        self,
        resume_text: str,
        profile: Profile,
        filters: Filters | None = None,
        *,
        top: int = 10,
        user_id: int | None = None,
        postings: list[Posting] | None = None,
        keep_all: bool = False,
        vector: np.ndarray | None = None,
    ) -> list[Match]:
        """Embedding-stage matches, best first. ``keep_all`` skips the threshold (``--all``);
        ``vector`` is the resume's, when the caller has it already (alerts, stored resumes)."""
        found = await self.first_list_with_vector(
            resume_text,
            profile,
            filters,
            top=top,
            user_id=user_id,
            postings=postings,
            keep_all=keep_all,
            vector=vector,
        )
        return found.matches

    async def first_list_with_vector(
        self,
        resume_text: str,
        profile: Profile,
        filters: Filters | None = None,
        *,
        top: int = 10,
        user_id: int | None = None,
        postings: list[Posting] | None = None,
        keep_all: bool = False,
        vector: np.ndarray | None = None,
    ) -> FirstList:
        """:meth:`first_list`, with the resume vector it ranked with: a caller that stores
        vectors keeps one embedded here without embedding (or waiting) again."""
        if profile.is_empty:
            raise EmptyProfile()
        filters = filters or Filters()
        if postings is not None:
            vector = await self._vector(resume_text, profile, vector)
            scored = await self._rank_given(vector, postings, filters)
        else:
            scored, vector = await self._rank_index(resume_text, profile, filters, vector)
        side = resume_side(resume_text, profile)
        matches = [self._first_match(p, cos, side) for p, cos in scored]
        if not filters.any_level:  # the user's /prefs did not ask for every level
            matches = [m for m in matches if not too_far(m.parts)]
        matches = ranked(matches)
        if keep_all:
            return FirstList(matches, vector)
        step = relaxed_threshold(
            [m.final_score for m in matches], self.settings.thresholds, self.settings.min_results
        )
        kept = [m.model_copy(update={"threshold": step}) for m in matches if m.final_score >= step]
        return FirstList(kept[:top], vector)

    def at_cosines(
        self,
        scored: Sequence[tuple[Posting, float]],
        side: ResumeSide,
        posts: Mapping[str, PostingSide] | None = None,
    ) -> list[Match]:
        """Embedding-stage matches, in the given order, for postings whose cosine with the
        resume is known already (an alert round has them from one matrix product, and each
        posting's side, ``posts`` by id, read once)."""
        posts = posts or {}
        return [
            self._first_match(posting, cosine, side, posts.get(posting.id))
            for posting, cosine in scored
        ]

    def _first_match(
        self, posting: Posting, cosine: float, side: ResumeSide, post: PostingSide | None = None
    ) -> Match:
        score = embed_score(cosine, self.embedder.name)
        evidence = parts(side, posting, post)
        final = first_score(score, evidence) if self.settings.blend == "learned" else score
        return Match(
            posting=posting,
            cosine=round(cosine, 4),
            embed_score=score,
            final_score=final,
            tier=tier(final, self.settings.thresholds),
            parts=evidence,
        )

    async def _rank_given(
        self, vector: np.ndarray, postings: Sequence[Posting], filters: Filters
    ) -> list[tuple[Posting, float]]:
        kept = [p for p in postings if passes_filters(p, filters)]
        if not kept:
            return []
        matrix = await self.posting_vectors(kept)
        return list(zip(kept, (matrix @ vector).tolist(), strict=True))

    async def _vector(
        self, resume_text: str, profile: Profile, given: np.ndarray | None
    ) -> np.ndarray:
        return given if given is not None else await self.resume_vector(resume_text, profile)

    async def _rank_index(
        self,
        resume_text: str,
        profile: Profile,
        filters: Filters,
        given: np.ndarray | None,
    ) -> tuple[list[tuple[Posting, float]], np.ndarray | None]:
        """Candidates from both halves of the hybrid search, ranked by the caller on cosine,
        and the resume vector (``None`` without an index).

        The text half does not need the resume's vector, so it runs while the resume is
        embedded (both release the GIL); the vector half follows. Their union is kept.
        """
        if self.backend is None:
            return [], given
        # BM25 gets the profile's titles and skills: a few precise terms, not the whole CV.
        terms = " ".join([*profile.titles[:3], *(s.name for s in profile.skills[:25])])
        k = self.settings.candidates
        lexical, vector = await asyncio.gather(
            self.backend.search(Query(text=terms or resume_text[:500], filters=filters, k=k)),
            self._vector(resume_text, profile, given),
        )
        semantic = await self.backend.search(Query(text="", vector=vector, filters=filters, k=k))
        hits = {h.posting.id: h for h in lexical}
        hits.update({h.posting.id: h for h in semantic})
        # The text half's hits carry no cosine: the index computes them from its own vectors.
        missing = [pid for pid, h in hits.items() if h.cosine is None]
        cosines = await self.backend.cosines(missing, vector) if missing else {}
        scored = [
            (hit.posting, float(hit.cosine if hit.cosine is not None else cosines.get(pid, 0.0)))
            for pid, hit in hits.items()
        ]
        return scored, vector
