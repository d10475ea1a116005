"""The ingest pipeline: Postings → check → embed → dedup → index, idempotent and batched.

Running the same input twice changes no entry (the second run only refreshes
``last_seen``). Every merge records why in ``IndexedPosting.merge_reasons``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from core.models import Posting
from search.base import IndexedPosting, SearchBackend, SearchError
from search.dedup.merge import BatchState, absorb, new_entry, refresh
from search.dedup.rules import DedupConfig, all_keys, exact_keys, posting_fingerprint
from search.embeddings import Embedder
from search.text import embed_text

log = logging.getLogger(__name__)


@dataclass
class IngestCounts:
    """What one ``ingest`` call did; ``clusters`` maps each accepted posting id to its entry."""

    new: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    expired: int = 0
    problems: list[str] = field(default_factory=list)
    clusters: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "merged": self.merged,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "expired": self.expired,
        }


def problem(posting: Posting) -> str | None:
    """Why a posting cannot be indexed, or ``None``; the model already validated types."""
    if not posting.url.startswith(("http://", "https://")):
        return f"{posting.id}: url {posting.url[:80]!r} is not http(s)"
    if not posting.title.strip():
        return f"{posting.id}: empty title"
    return None


class Ingestor:
    """Feeds postings into ``backend``; ``alt_embedder`` (optional) fills ``alt_vector``."""

    def __init__(
        self,
        backend: SearchBackend,
        embedder: Embedder,
        *,
        alt_embedder: Embedder | None = None,
        config: DedupConfig | None = None,
        batch_size: int = 1024,  # the model sorts a call's texts by length: big calls pad less
        expire_days: int = 45,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        text: Callable[[Posting], str] = embed_text,
    ) -> None:
        self.backend, self.embedder, self.alt_embedder = backend, embedder, alt_embedder
        self.config = config or DedupConfig()
        self.batch_size, self.expire_days = batch_size, expire_days
        self.clock, self.text = clock, text

    async def ingest(self, postings: Sequence[Posting], *, expire: bool = True) -> IngestCounts:
        counts = IngestCounts()
        now = self.clock()
        for start in range(0, len(postings), self.batch_size):
            await self._batch(postings[start : start + self.batch_size], now, counts)
        if expire:
            counts.expired = await self.backend.expire(now - timedelta(days=self.expire_days))
        return counts

    async def _batch(self, batch: Sequence[Posting], now: datetime, counts: IngestCounts) -> None:
        accepted: dict[str, Posting] = {}
        for posting in batch:
            why = problem(posting)
            if why:
                counts.rejected += 1
                counts.problems.append(why)
            else:
                accepted[posting.id] = posting  # a repeat within the batch: the last one wins
        state = BatchState(now=now, config=self.config)
        keys = [k for p in accepted.values() for k in all_keys(p)]
        state.key_hits = await self.backend.find_keys(keys)
        await state.load(self.backend, [i for ids in state.key_hits.values() for i in ids])
        fresh: list[Posting] = []
        for posting in accepted.values():
            entry_id = state.known_entry(exact_keys(posting))
            if entry_id is None:
                fresh.append(posting)
                continue
            outcome = refresh(state, state.entries[entry_id], posting)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
            counts.clusters[posting.id] = entry_id
        changed = [e for e in state.entries.values() if e.posting.id in state.reembed]
        await self._embed(fresh, changed, state)
        for posting in fresh:
            entry_id = await state.match(self.backend, posting)
            if entry_id is None:
                state.add(new_entry(state, posting))
                counts.new += 1
                counts.clusters[posting.id] = posting.id
            else:
                absorb(state, state.entries[entry_id], posting, state.reason[posting.id])
                counts.merged += 1
                counts.clusters[posting.id] = entry_id
        await self.backend.upsert([state.entries[i] for i in state.dirty])

    async def _embed(
        self, fresh: list[Posting], changed: list[IndexedPosting], state: BatchState
    ) -> None:
        """Embed new postings and entries whose text changed, in one call per model."""
        postings = fresh + [e.posting for e in changed]
        if not postings:
            return
        texts = [self.text(p) for p in postings]
        for posting, vector in zip(postings, await self.embedder.embed(texts), strict=True):
            state.vectors[posting.id] = vector
        if self.alt_embedder is not None:
            try:
                alt = await self.alt_embedder.embed(texts)
            except SearchError as exc:  # the local field still serves
                log.warning("second embedding model failed, local vectors only: %s", exc)
                alt = np.zeros((0, 0), dtype=np.float32)
            for posting, vector in zip(postings, alt, strict=False):
                state.alt_vectors[posting.id] = vector
        for entry in changed:
            entry.vector = state.vectors[entry.posting.id]
            entry.alt_vector = state.alt_vectors.get(entry.posting.id, entry.alt_vector)
        for posting in fresh:
            state.fingerprints[posting.id] = posting_fingerprint(posting)
