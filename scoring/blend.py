"""Scores and tiers: the embedding band, the blend, and the relaxation ladder.

The band maps a model's cosine linearly onto 20–92 (clamped to 0–100). The seed mapping was
``20 + (cos − 0.5) · 146.67``; MiniLM's resume-to-job cosines sit lower, so its band is
calibrated on real pairs (bench/eval_match.py prints the calibration it measures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Tier = Literal["strong", "good", "stretch"]


@dataclass(frozen=True)
class Band:
    """Cosine ``low`` maps to 20 and ``high`` to 92."""

    low: float
    high: float

    def score(self, cosine: float) -> float:
        value = 20.0 + (cosine - self.low) * 72.0 / (self.high - self.low)
        return round(min(100.0, max(0.0, value)), 1)


SEED_BAND = Band(0.5, 0.9909)
# Measured on panoslin_jd_relevance (641 real resume-job pairs, chunked resume vector):
# cosine p5 = 0.346 → 20 and p99 = 0.677 → 92; bench/eval_match.py prints the percentiles.
BANDS = {"all-MiniLM-L6-v2": Band(0.35, 0.68)}


def embed_score(cosine: float, model: str) -> float:
    return BANDS.get(model, SEED_BAND).score(cosine)


def blend(embed: float, llm: float | None, embed_weight: float) -> float:
    """``w·embed + (1−w)·llm``; without an LLM score the embedding score stands alone."""
    if llm is None:
        return round(embed, 1)
    return round(embed_weight * embed + (1.0 - embed_weight) * llm, 1)


def tier(score: float, thresholds: Sequence[int]) -> Tier:
    """strong ≥ the first step, good ≥ the second, stretch below (85 → 70 → 55 by default)."""
    strong, good = thresholds[0], thresholds[1] if len(thresholds) > 1 else thresholds[0]
    if score >= strong:
        return "strong"
    return "good" if score >= good else "stretch"


def relaxed_threshold(
    scores: Sequence[float], thresholds: Sequence[int], min_results: int, *, relax: bool = True
) -> int:
    """The first step of the ladder that keeps at least ``min_results`` scores.

    Without ``relax`` (push alerts) the threshold is the "good" step and never lower.
    """
    if not relax:
        return thresholds[1] if len(thresholds) > 1 else thresholds[0]
    for step in thresholds:
        if sum(1 for s in scores if s >= step) >= min_results:
            return step
    return thresholds[-1]
