"""Dedup signals, cheapest first, as pure functions over postings.

1. exact keys: ``id:`` (source id) and ``url:`` (canonical URL) → update in place;
2. ``ctl:`` key (normalized company + title + city) plus a MinHash text fingerprint whose
   containment is at least ``fingerprint_containment`` → same job;
3. vector neighbours with cosine ≥ ``vector_cosine`` that are plausible (same or aliased
   company, or an agency copy; compatible title and location) → same job.
The defaults are calibrated by ``bench/eval_dedup.py`` (see the README for the figures).
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

from core.models import Posting
from search.normalize import (
    canonical_url,
    city_norm,
    company_norm,
    ctl_key,
    fold,
    is_agency,
    title_norm,
)

NUM_PERM = 64
SHINGLE = 4  # words per shingle: long enough to ignore shared boilerplate words


@dataclass(frozen=True)
class DedupConfig:
    fingerprint_containment: float = 0.80
    vector_cosine: float = 0.90
    agency_cosine: float = 0.90
    title_similarity: float = 85.0  # rapidfuzz token_set_ratio on normalized titles
    company_similarity: float = 90.0  # aliases: "Meta" / "Meta Platforms"
    neighbours: int = 8


def exact_keys(posting: Posting) -> list[str]:
    keys = [f"id:{posting.id}"]
    url = canonical_url(posting.url)
    if url:
        keys.append(f"url:{url}")
    return keys


def all_keys(posting: Posting) -> list[str]:
    return [*exact_keys(posting), ctl_key(posting.company, posting.title, posting.location)]


def content_hash(posting: Posting) -> str:
    """Changes when anything a user would see changes; ignores ids and fetch details."""
    data = posting.model_dump(mode="json", exclude={"id", "source_id", "url", "apply_url"})
    return hashlib.sha1(repr(sorted(data.items())).encode()).hexdigest()[:16]


def fingerprint(text: str) -> str:
    """MinHash of word shingles plus the shingle count, as a short ASCII string."""
    words = fold(text).split()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    raw = struct.pack("<I", len(shingles)) + np.asarray(mh.hashvalues, dtype="<u4").tobytes()
    return base64.b64encode(raw).decode("ascii")


def _unpack(fp: str) -> tuple[int, np.ndarray]:
    raw = base64.b64decode(fp)
    return int(struct.unpack("<I", raw[:4])[0]), np.frombuffer(raw[4:], dtype="<u4")


def containment(a: str, b: str) -> float:
    """Estimated share of the shorter text's shingles found in the longer one (0–1).

    Containment, not Jaccard: a board that cuts a description short still holds the
    employer's text, and Jaccard would punish it for the missing half.
    """
    size_a, mh_a = _unpack(a)
    size_b, mh_b = _unpack(b)
    if mh_a.shape != mh_b.shape:
        return 0.0
    jaccard = float(np.mean(mh_a == mh_b))  # share of equal minimums estimates Jaccard
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, shared / max(1, min(size_a, size_b)))


def companies_alias(a: str | None, b: str | None, config: DedupConfig) -> bool:
    na, nb = company_norm(a), company_norm(b)
    if not na or not nb:
        return False
    if na == nb or na.startswith(nb + " ") or nb.startswith(na + " "):
        return True
    return fuzz.ratio(na, nb) >= config.company_similarity


def titles_compatible(a: str, b: str, config: DedupConfig) -> bool:
    ta, tb = title_norm(a), title_norm(b)
    return ta == tb or fuzz.token_set_ratio(ta, tb) >= config.title_similarity


def locations_compatible(a: Posting, b: Posting) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    ca, cb = city_norm(a.location), city_norm(b.location)
    return not ca or not cb or ca == cb or fuzz.partial_ratio(ca, cb) >= 90


def plausible(new: Posting, old: Posting, cosine: float, config: DedupConfig) -> str | None:
    """Why ``new`` may be ``old``'s job (``"vector"`` or ``"agency_copy"``), else ``None``."""
    if not titles_compatible(new.title, old.title, config) or not locations_compatible(new, old):
        return None
    if companies_alias(new.company, old.company, config):
        return "vector" if cosine >= config.vector_cosine else None
    agency = is_agency(new.company, new.description) or is_agency(old.company, old.description)
    if agency and cosine >= config.agency_cosine:
        return "agency_copy"
    return None
