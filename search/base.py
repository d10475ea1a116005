"""The search interface every backend implements, its value types and its errors.

SearchError
 ├── BackendUnavailable  the engine cannot be reached
 ├── BackendRequestError the engine refused a request (bad query, mapping conflict, ...)
 └── BadSearchURL        ``SEARCH__URL`` names no backend we know

A backend stores :class:`IndexedPosting` entries: one per real job, each knowing every
source it was seen on. Vectors of different models never meet: ``vector`` holds the local
model's unit vector, ``alt_vector`` the optional second model's, and a :class:`Query` says
which field its vector belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from core.errors import JobbotError
from core.models import Posting
from search.filters import Filters

VectorField = Literal["vector", "alt_vector"]


class SearchError(JobbotError):
    """Base of the errors a search backend raises; engine errors are translated to these."""


class BackendUnavailable(SearchError):
    pass


class BackendRequestError(SearchError):
    pass


class BadSearchURL(SearchError):
    def __init__(self, url: str) -> None:
        super().__init__(
            f"SEARCH__URL={url!r} names no search backend: use sqlite:///path/to/index.sqlite "
            "(embedded) or http(s)://host:9200 (Elasticsearch 8)"
        )


@dataclass
class IndexedPosting:
    """A posting as the index keeps it: the merged entry with every source it came from.

    ``keys`` are exact dedup keys (``id:…``, ``url:…``, ``ctl:…``) a backend can look up with
    :meth:`SearchBackend.find_keys`; the ingest pipeline owns their meaning.
    """

    posting: Posting
    vector: np.ndarray | None = None  # the local model's unit vector
    # an optional second model's vector, never compared with the first
    alt_vector: np.ndarray | None = None
    links: list[dict[str, str]] = field(default_factory=list)  # [{source, url, posting_id, ...}]
    merged_ids: list[str] = field(default_factory=list)
    merge_reasons: list[dict[str, str]] = field(default_factory=list)
    fingerprint: str | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Query:
    """``vector`` belongs to the model of ``vector_field``; ``None`` means BM25 only."""

    text: str
    vector: np.ndarray | None = None
    filters: Filters = field(default_factory=Filters)
    k: int = 50
    vector_field: VectorField = "vector"


@dataclass(frozen=True)
class Hit:
    posting: Posting
    score: float  # fused rank score, higher is better; only comparable within one result
    cosine: float | None = None  # cosine between query vector and the posting's vector
    bm25: float | None = None


@runtime_checkable
class SearchBackend(Protocol):
    """Contract of a posting index. Constructors do no I/O; ``close`` releases everything.

    Every method may raise :class:`BackendUnavailable` or :class:`BackendRequestError`;
    engine-specific exceptions never escape.
    """

    async def upsert(self, docs: Sequence[IndexedPosting]) -> None:
        """Insert or replace entries by ``posting.id``; visible to the next call."""

    async def get(self, ids: Sequence[str]) -> list[IndexedPosting]:
        """The entries that exist among ``ids``, in the given order."""

    async def find_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """For each key held by some entry, the ids of the entries holding it."""

    async def delete(self, ids: Sequence[str]) -> int:
        """Remove entries; return how many existed."""

    async def expire(self, last_seen_before: datetime) -> int:
        """Remove entries not seen since the given time; return how many."""

    async def search(self, query: Query) -> list[Hit]:
        """Hybrid search: BM25 and kNN under the same filters, fused (RRF); best first.

        ``Hit.cosine`` is the exact cosine of ``query.vector`` and the entry's vector of the
        same field, ``None`` when either is missing.
        """

    async def cosines(
        self, ids: Sequence[str], vector: np.ndarray, vector_field: VectorField = "vector"
    ) -> dict[str, float]:
        """Exact cosine of ``vector`` and each entry's vector of ``vector_field``, by id;
        ids that do not exist or have no such vector are left out."""

    async def neighbours(
        self, vector: np.ndarray, k: int, vector_field: VectorField = "vector"
    ) -> list[tuple[str, float]]:
        """Nearest entries by cosine, ``(id, cosine)`` best first, for dedup."""

    async def count(self) -> int:
        """How many entries the index holds."""

    async def stats(self) -> dict[str, int]:
        """Counts an operator wants: entries, sources linked, entries with vectors."""

    async def close(self) -> None:
        """Release connections and files."""
