"""Merging postings into index entries, one ingest batch at a time.

An entry keeps its first id forever (users may hold alerts pointing at it); what it
shows may change: an employer's own posting replaces an agency's copy, and the employer's
ATS link becomes the apply link. Every member posting is a ``link`` with a content hash so
a repeat is recognised as unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import numpy as np

from core.models import Posting
from search.base import IndexedPosting, SearchBackend
from search.dedup.copies import copy_of_other, copy_source, cut_from
from search.dedup.rules import (
    DedupConfig,
    all_keys,
    containment,
    content_hash,
    details_conflict,
    plausible,
    posting_fingerprint,
)
from search.normalize import ctl_key, word_list

# Sources that are an employer's own applicant tracking system: their link is the apply link.
ATS_SOURCES = frozenset(
    word_list(
        "greenhouse lever ashby workable smartrecruiters recruitee bamboohr breezy pinpoint "
        "teamtailor workday rippling comeet personio jobvite icims eightfold"
    )
)


@dataclass
class BatchState:
    """Entries touched by one batch and what the batch computed for its postings."""

    now: datetime
    config: DedupConfig
    key_hits: dict[str, list[str]] = field(default_factory=dict)
    entries: dict[str, IndexedPosting] = field(default_factory=dict)
    dirty: dict[str, None] = field(default_factory=dict)  # ordered set of ids to write
    reembed: set[str] = field(default_factory=set)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    alt_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    reason: dict[str, tuple[str, float]] = field(default_factory=dict)
    pending_keys: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)  # new entries with a vector, in order
    _created_rows: list[np.ndarray] = field(default_factory=list)
    _stacked: np.ndarray | None = None

    async def load(self, backend: SearchBackend, ids: list[str]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self.entries]
        for entry in await backend.get(missing):
            self.entries[entry.posting.id] = entry

    def known_entry(self, keys: list[str]) -> str | None:
        """The entry already holding one of these exact keys, if any."""
        for key in keys:
            if key in self.pending_keys:
                return self.pending_keys[key]
            for entry_id in self.key_hits.get(key, []):
                if entry_id in self.entries:
                    return entry_id
        return None

    def touch(self, entry: IndexedPosting, keys: list[str]) -> None:
        entry.last_seen = self.now
        for key in keys:
            if key not in entry.keys:
                entry.keys.append(key)
            self.pending_keys[key] = entry.posting.id
        self.dirty[entry.posting.id] = None

    def add(self, entry: IndexedPosting) -> None:
        self.entries[entry.posting.id] = entry
        if entry.vector is not None:
            self.created.append(entry.posting.id)
            self._created_rows.append(entry.vector)
            self._stacked = None
        self.touch(entry, list(entry.keys))

    def revector(self, entry_id: str, vector: np.ndarray | None) -> None:
        """An entry now shows another member's posting: this batch compares new postings
        with that one's vector (the copy it replaced is no longer what the entry reads)."""
        if vector is not None and entry_id in self.created:
            self._created_rows[self.created.index(entry_id)] = vector
            self._stacked = None

    def created_cosines(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of ``vector`` with each of this batch's new entries (not indexed yet)."""
        if not self._created_rows:
            return np.zeros(0, dtype=np.float32)
        if self._stacked is None or len(self._stacked) != len(self._created_rows):
            self._stacked = np.stack(self._created_rows)
        scores: np.ndarray = self._stacked @ vector
        return scores

    async def match(self, backend: SearchBackend, posting: Posting) -> str | None:
        """The entry ``posting`` duplicates, cheapest signal first; records the reason."""
        fp = self.fingerprints[posting.id]
        ctl = ctl_key(posting.company, posting.title, posting.location)
        for entry_id in [self.pending_keys.get(ctl), *self.key_hits.get(ctl, [])]:
            entry = self.entries.get(entry_id or "")
            if entry is not None and entry.fingerprint:
                old = entry.posting  # a cut copy may have lost some of the years it asked for
                if details_conflict(posting, old) and not cut_from(posting, old):
                    continue
                score = containment(fp, entry.fingerprint)
                if score >= self.config.fingerprint_containment:
                    self.reason[posting.id] = ("fingerprint", score)
                    return entry.posting.id
                if cut_from(posting, entry.posting):
                    self.reason[posting.id] = ("cut_text", 1.0)
                    return entry.posting.id
        vector = self.vectors.get(posting.id)
        return None if vector is None else await self._by_vector(backend, posting, vector)

    async def _by_vector(
        self, backend: SearchBackend, posting: Posting, vector: np.ndarray
    ) -> str | None:
        found = dict(await backend.neighbours(vector, self.config.neighbours))
        # This batch's new entries are not in the index yet (an entry whose agency text was
        # replaced by the employer's is compared through the employer's vector, ``revector``).
        for entry_id, cosine in zip(self.created, self.created_cosines(vector), strict=True):
            found[entry_id] = max(found.get(entry_id, -1.0), float(cosine))
        floor = self.config.candidate_cosine
        candidates = sorted(((c, i) for i, c in found.items() if c >= floor), reverse=True)
        await self.load(backend, [i for _, i in candidates])
        fp = self.fingerprints[posting.id]
        for cosine, entry_id in candidates:
            entry = self.entries.get(entry_id)
            if entry is None:
                continue
            contain = containment(fp, entry.fingerprint) if entry.fingerprint else 0.0
            why = plausible(posting, entry.posting, cosine, contain, self.config)
            if why:
                self.reason[posting.id] = why
                return entry_id
        return None


def link_of(posting: Posting) -> dict[str, str]:
    role = "agency" if copy_source(posting) else "employer"
    return {
        "source": posting.source,
        "url": posting.url,
        "posting_id": posting.id,
        "hash": content_hash(posting),
        "role": role,
    }


def new_entry(state: BatchState, posting: Posting) -> IndexedPosting:
    return IndexedPosting(
        posting=posting,
        vector=state.vectors.get(posting.id),
        alt_vector=state.alt_vectors.get(posting.id),
        links=[link_of(posting)],
        fingerprint=state.fingerprints.get(posting.id),
        first_seen=state.now,
        last_seen=state.now,
        keys=all_keys(posting),
    )


def refresh(
    state: BatchState, entry: IndexedPosting, posting: Posting
) -> Literal["updated", "unchanged"]:
    """A posting the entry already holds (same id or canonical URL) was seen again."""
    digest = content_hash(posting)
    link = next((li for li in entry.links if li.get("posting_id") == posting.id), None)
    outcome: Literal["updated", "unchanged"] = "unchanged"
    if link is None:  # same canonical URL under another id: keep it as a source, in place
        entry.links.append(link_of(posting))
        entry.merged_ids.append(posting.id)
        entry.merge_reasons.append(_reason(state, posting, "same_url", 1.0))
        outcome = "updated"
    elif link["hash"] != digest:
        link.update(hash=digest, url=posting.url)
        outcome = "updated"
        if posting.id == entry.posting.id and posting.source == entry.posting.source:
            # An ATS apply link learnt from a merged source survives the primary's update.
            apply_url = entry.posting.apply_url or posting.apply_url
            entry.posting = posting.model_copy(update={"apply_url": apply_url})
            entry.fingerprint = posting_fingerprint(posting)
            state.reembed.add(entry.posting.id)
    state.touch(entry, all_keys(posting))
    return outcome


def absorb(
    state: BatchState, entry: IndexedPosting, posting: Posting, why: tuple[str, float]
) -> None:
    """Merge a new ``posting`` into ``entry`` as another source of the same job."""
    link = link_of(posting)
    entry.links.append(link)
    entry.merged_ids.append(posting.id)
    entry.merge_reasons.append(_reason(state, posting, *why))
    if copy_of_other(entry.posting, posting):
        # The employer's own text replaces the agency's copy; the entry keeps its id.
        entry.posting = posting.model_copy(update={"id": entry.posting.id})
        entry.vector = state.vectors.get(posting.id, entry.vector)
        state.revector(entry.posting.id, entry.vector)
        entry.fingerprint = state.fingerprints.get(posting.id, entry.fingerprint)
    if posting.source in ATS_SOURCES and link["role"] == "employer":
        entry.posting = entry.posting.model_copy(
            update={"apply_url": posting.apply_url or posting.url}
        )
    state.touch(entry, all_keys(posting))


def _reason(state: BatchState, posting: Posting, reason: str, score: float) -> dict[str, str]:
    return {
        "posting_id": posting.id,
        "source": posting.source,
        "reason": reason,
        "score": f"{score:.3f}",
        "at": state.now.isoformat(),
    }
