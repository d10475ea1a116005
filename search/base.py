"""The search interface every backend implements, its value types and its errors.

SearchError
 ├── BackendUnavailable  the engine cannot be reached
 └── BackendRequestError the engine refused a request
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

import numpy as np

from core.errors import JobbotError
from core.models import Posting


class SearchError(JobbotError):
    """Base of the errors a search backend raises; engine errors are translated to these."""


class BackendUnavailable(SearchError):
    pass


class BackendRequestError(SearchError):
    pass


@dataclass(frozen=True)
class Filters:
    """Hard filters; ``None`` or empty means no filter on that field."""

    remote: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_salary: float | None = None  # yearly, any currency: postings without salary pass
    exclude_companies: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    posted_after: datetime | None = None


@dataclass
class IndexedPosting:
    """A posting as the index keeps it: the merged entry with every source it came from."""

    posting: Posting
    vector: np.ndarray | None = None  # the local model's unit vector
    alt_vector: np.ndarray | None = None  # optional second model's vector, never mixed with the first
    links: list[dict[str, str]] = field(default_factory=list)  # [{source, url, posting_id}]
    merged_ids: list[str] = field(default_factory=list)
    merge_reasons: list[dict[str, str]] = field(default_factory=list)
    fingerprint: str | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray | None = None
    filters: Filters = Filters()
    k: int = 50


@dataclass(frozen=True)
class Hit:
    posting: Posting
    score: float  # fused rank score, higher is better; only comparable within one result
    cosine: float | None = None  # cosine between query vector and the posting's vector
    bm25: float | None = None


@runtime_checkable
class SearchBackend(Protocol):
    """Contract of a posting index. Constructors do no I/O; ``close`` releases everything."""

    async def upsert(self, docs: Sequence[IndexedPosting]) -> None:
        """Insert or replace entries by ``posting.id``."""

    async def get(self, ids: Sequence[str]) -> list[IndexedPosting]:
        """The entries that exist among ``ids``, in the given order."""

    async def delete(self, ids: Sequence[str]) -> int:
        """Remove entries; return how many existed."""

    async def expire(self, last_seen_before: datetime) -> int:
        """Remove entries not seen since the given time; return how many."""

    async def search(self, query: Query) -> list[Hit]:
        """Hybrid search: BM25 and kNN under the same filters, fused; best first."""

    async def neighbours(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest entries by cosine, ``(id, cosine)`` best first, for dedup."""

    async def count(self) -> int:
        """How many entries the index holds."""

    async def close(self) -> None:
        """Release connections and files."""
