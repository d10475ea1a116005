"""Ranking a stored resume with its stored vector: /matches and /insights embed nothing
after a restart.

The vector store keeps each stored resume's vector (:mod:`scoring.vectors`, the one alert
rounds read). :class:`ResumeRanking` ranks with it when it is fresh; otherwise the matcher
embeds the resume for the first list, and that vector is written back in the background,
after the list is on its way. ``close`` waits for the writes still pending.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import numpy as np

from scoring.match import Match
from scoring.matcher import Matcher
from scoring.profile import Profile
from scoring.store import VectorStore
from scoring.vectors import keep_vector, stored_vector, stored_vectors
from search.filters import Filters

log = logging.getLogger(__name__)


class ResumeRanking:
    """Built once by the composition root from the matcher and the vector store; no I/O."""

    def __init__(self, matcher: Matcher, vectors: VectorStore) -> None:
        self.matcher, self.vectors = matcher, vectors
        self._writes: set[asyncio.Task[None]] = set()

    async def first_list(
        self,
        resume_id: int,
        resume_text: str,
        profile: Profile,
        filters: Filters | None = None,
        *,
        top: int = 10,
        user_id: int | None = None,
        keep_all: bool = False,
    ) -> list[Match]:
        """:meth:`Matcher.first_list` of the stored resume ``resume_id``, ranked with its
        stored vector when that is fresh; a vector embedded here is stored in the background."""
        embedder = self.matcher.embedder
        known = await stored_vector(embedder, self.vectors, resume_id, resume_text, profile)
        found = await self.matcher.first_list_with_vector(
            resume_text, profile, filters, top=top, user_id=user_id, keep_all=keep_all, vector=known
        )
        if known is None and found.vector is not None:
            self._keep(resume_id, resume_text, profile, found.vector)
        return found.matches

    async def stored_vectors(self, resumes: Sequence[tuple[int, str, Profile]]) -> np.ndarray:
        """Unit vectors of stored ``(resume id, text, profile)`` resumes, one row each (an
        alert round's subscribers): read from the store, the missing or stale ones embedded
        in one call and stored before this returns (:func:`scoring.vectors.stored_vectors`)."""
        return await stored_vectors(self.matcher.embedder, self.vectors, resumes)

    def _keep(self, resume_id: int, resume_text: str, profile: Profile, vector: np.ndarray) -> None:
        write = keep_vector(
            self.matcher.embedder, self.vectors, resume_id, resume_text, profile, vector
        )
        task = asyncio.create_task(write)
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def close(self) -> None:
        """Wait for the vector writes still pending (milliseconds each); safe to call again."""
        # A failed write (the store already logs database errors) must not stop the shutdown.
        for result in await asyncio.gather(*self._writes, return_exceptions=True):
            if isinstance(result, Exception):
                log.warning("resume vector not stored: %s", result)
