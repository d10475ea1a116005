"""What a ranking is made of: one scored match, the first list, and the one order every list
shows. Value types only, so the chat, delivery and the CLI can read matches without the
matcher."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel, Field

from core.models import Posting
from scoring.blend import Tier
from scoring.features import Parts
from scoring.reasons import Reasons
from scoring.rubric import Rubric
from scoring.verifier import VerifierReport


class Match(BaseModel):
    """One posting scored for one resume. Before grading, ``provider`` is "embedding"."""

    posting: Posting
    cosine: float
    embed_score: float
    llm_score: float | None = None
    final_score: float
    tier: Tier
    provider: str = "embedding"
    reasons: Reasons = Field(default_factory=Reasons)  # not Reasons(): copied per match
    rubric: Rubric | None = None
    verifier: VerifierReport | None = None
    parts: Parts | None = None  # lexical, level, stack and title evidence (0–100 each)
    threshold: int = 0
    passes: bool = True  # final_score reached the threshold in force (alerts never relax)
    cached: bool = False


class FirstList(NamedTuple):
    """The first list and the resume vector it was ranked with (``None`` only when there was
    nothing to rank: no index and no postings given)."""

    matches: list[Match]
    vector: np.ndarray | None


def ranked(matches: Iterable[Match]) -> list[Match]:
    """The one order every list shows (the chat, alerts, digests, ``jobbot match``): final
    score, highest first; ties by posting id, so two surfaces never order a tie apart."""
    return sorted(matches, key=lambda m: (-m.final_score, m.posting.id))


def resume_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
