"""How an :class:`IndexedPosting` becomes a stored document and back, shared by backends.

A stored document is plain JSON (no vectors) plus the derived values filters need: a
yearly salary, lower-cased company, the set of sources, timestamps as epoch seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np

from core.models import Posting
from search.base import IndexedPosting

# Rough working units per year, to compare salaries quoted per hour, day, week or month.


def company_key(company: str | None) -> str:
    return (company or "").strip().casefold()


def sources_of(entry: IndexedPosting) -> list[str]:
    """The entry's own source and every linked one, without repeats, in order."""
    seen = [entry.posting.source] + [link.get("source", "") for link in entry.links]
    return [s for i, s in enumerate(seen) if s and s not in seen[:i]]


def text_fields(posting: Posting) -> dict[str, str]:
    """The analysed text fields; the title is kept apart so engines can boost it."""
    body = " ".join(filter(None, [posting.location, " ".join(posting.tags), posting.description]))
    return {"title": posting.title, "company": posting.company or "", "body": body}


def epoch(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def to_doc(entry: IndexedPosting) -> dict[str, Any]:
    """Everything but the vectors, as JSON-ready values."""
    return {
        "posting": entry.posting.model_dump(mode="json"),
        "links": entry.links,
        "merged_ids": entry.merged_ids,
        "merge_reasons": entry.merge_reasons,
        "fingerprint": entry.fingerprint,
        "first_seen": entry.first_seen.isoformat() if entry.first_seen else None,
        "last_seen": entry.last_seen.isoformat() if entry.last_seen else None,
        "keys": entry.keys,
    }


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def from_doc(
    doc: dict[str, Any], vector: np.ndarray | None, alt_vector: np.ndarray | None
) -> IndexedPosting:
    return IndexedPosting(
        posting=Posting.model_validate(doc["posting"]),
        vector=vector,
        alt_vector=alt_vector,
        links=list(doc.get("links") or []),
        merged_ids=list(doc.get("merged_ids") or []),
        merge_reasons=list(doc.get("merge_reasons") or []),
        fingerprint=doc.get("fingerprint"),
        first_seen=_when(doc.get("first_seen")),
        last_seen=_when(doc.get("last_seen")),
        keys=list(doc.get("keys") or []),
    )


def last_seen_of(entry: IndexedPosting) -> datetime:
    """When the entry was last seen; never-seen entries count as seen now."""
    return entry.last_seen or entry.first_seen or datetime.now(UTC)
