"""The verifier: every quoted ``resume_evidence`` must be in the resume.

A quote counts when its normalized form is a substring of the normalized resume, or failing
that when the best fuzzy partial match reaches 85/100. An unverified claim becomes
``NOT FOUND (unverified: …)`` and a gap; the score drops 0.15 per demotion on its 1–5 scale
and ``recommend`` is off below 3.5. Finally the score is capped by must-have coverage, so a
rubric cannot call a resume excellent while most must-haves are gaps (whatever the resume
told the model to say).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pydantic import BaseModel
from rapidfuzz import fuzz

from scoring.rubric import NOT_FOUND, Requirement, Rubric

VERIFIER_VERSION = "verifier-v1"
FUZZY_MIN = 85.0
DEMOTION_PENALTY = 0.15
RECOMMEND_MIN = 3.5


class VerifierReport(BaseModel):
    version: str = VERIFIER_VERSION
    total_claims: int = 0
    unverified: int = 0
    demotions: int = 0
    score_adjustment: float = 0.0


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[“”«»„]", '"', re.sub(r"[‘’`´]", "'", text))
    text = re.sub(r"[•·▪●■◦*]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .,;:-\"'")


@lru_cache(maxsize=32)
def _normalized_resume(resume_text: str) -> str:
    """Normalized once per resume, not once per rubric checked against it."""
    return _normalize(resume_text)


def quote_found(quote: str, resume_normalized: str) -> bool:
    needle = _normalize(quote)
    if not needle:
        return False
    if needle in resume_normalized:
        return True
    # partial_ratio on very long quotes is slow and meaningless; long quotes must be exact.
    return len(needle) <= 400 and fuzz.partial_ratio(needle, resume_normalized) >= FUZZY_MIN


def _is_claim(item: Requirement) -> bool:
    return not item.resume_evidence.strip().upper().startswith(NOT_FOUND)


def verify(rubric: Rubric, resume_text: str, *, cap: bool = True) -> tuple[Rubric, VerifierReport]:
    """The rubric with unverified claims demoted and the score adjusted, and the report.

    ``cap`` bounds the score by must-have coverage; it guards model answers (the rule
    rubric's score is computed from coverage already, so it passes ``cap=False``).
    """
    resume = _normalized_resume(resume_text)
    report = VerifierReport()

    def check(items: list[Requirement]) -> list[Requirement]:
        checked = []
        for item in items:
            if _is_claim(item):
                report.total_claims += 1
                if not quote_found(item.resume_evidence, resume):
                    report.unverified += 1
                    report.demotions += item.strength != "gap"
                    item = Requirement(
                        requirement=item.requirement,
                        strength="gap",
                        resume_evidence=f"{NOT_FOUND} (unverified: {item.resume_evidence[:120]})",
                    )
            elif item.met:
                # "Met" without a quote is not a verified strength either.
                report.demotions += 1
                item = item.model_copy(update={"strength": "gap"})
            checked.append(item)
        return checked

    must, nice = check(rubric.must_haves), check(rubric.nice_to_haves)
    score = rubric.score - DEMOTION_PENALTY * report.demotions
    if must and cap:
        coverage = sum(1.0 if r.strength == "strong" else 0.5 if r.met else 0 for r in must)
        score = min(score, 2.0 + 3.0 * coverage / len(must))
    score = round(min(5.0, max(1.0, score)), 2)
    report.score_adjustment = round(score - rubric.score, 2)
    gaps = list(dict.fromkeys(rubric.gaps + [r.requirement for r in must if not r.met]))
    return rubric.model_copy(
        update={
            "must_haves": must,
            "nice_to_haves": nice,
            "score": score,
            "gaps": gaps[:20],
            "recommend": rubric.recommend and score >= RECOMMEND_MIN,
        }
    ), report
