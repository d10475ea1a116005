"""The learned blend: one weight per visible part of a match, every part on 0–100.

``first`` weighs what is known before grading (embedding band, lexical skill overlap, level,
stack, title); ``graded`` adds the rubric's score. A part may weigh 0: the graded blend is
the form the benchmark's selection rule picked (``bench/match_fit.py``), which may leave
parts out. Weights are non-negative and sum to 1, so a blend reads on the same 0–100 scale
as its parts and the 85/70/55 tiers keep their sense.
They live in ``scoring/data/blend_weights.json`` with how they were fit
(``bench/eval_match.py --fit``, on the benchmarks' dev halves only). ``MATCH__BLEND=seed``
switches back to the seed's ``w·embed + (1−w)·rubric`` (``MATCH__EMBED_WEIGHT``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scoring.features import Parts

DATA = Path(__file__).resolve().parent / "data" / "blend_weights.json"
FIRST = ("embed", "lexical", "level", "stack", "title")
GRADED = (*FIRST, "rubric")


@dataclass(frozen=True)
class Weights:
    first: dict[str, float]
    graded: dict[str, float]
    fit: str


@cache
def load_weights(path: Path = DATA) -> Weights:
    raw = json.loads(path.read_text(encoding="utf-8"))
    for stage, names in (("first", FIRST), ("graded", GRADED)):
        weights = raw[stage]
        if set(weights) != set(names) or min(weights.values()) < 0 or not sum(weights.values()):
            raise ValueError(f"{path.name}: {stage!r} needs non-negative weights for {names}")
    return Weights(raw["first"], raw["graded"], raw.get("fit", ""))


def values(embed: float, parts: Parts, rubric: float | None = None) -> dict[str, float]:
    found = {
        "embed": embed,
        "lexical": parts.lexical,
        "level": parts.level,
        "stack": parts.stack,
        "title": parts.title,
    }
    if rubric is not None:
        found["rubric"] = rubric
    return found


def weighted(found: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights[name] for name in found)
    return round(sum(weights[name] * value for name, value in found.items()) / total, 1)


def first_score(embed: float, parts: Parts, weights: Weights | None = None) -> float:
    return weighted(values(embed, parts), (weights or load_weights()).first)


def graded_score(
    embed: float, parts: Parts, rubric: float, weights: Weights | None = None
) -> float:
    return weighted(values(embed, parts, rubric), (weights or load_weights()).graded)
