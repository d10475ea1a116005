"""Reasons a person can act on, built from a verified rubric.

Strengths quote the user's own resume; gaps name what is missing; a stretch match says which
must-haves it lacks; the steps to close a gap never suggest claiming experience.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from scoring.rubric import Rubric


class Reasons(BaseModel):
    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    why_not_higher: str = ""
    how_to_close: list[str] = Field(default_factory=list)


def _quote(evidence: str, limit: int = 110) -> str:
    evidence = " ".join(evidence.split())
    return evidence if len(evidence) <= limit else evidence[: limit - 1].rstrip() + "…"


def build_reasons(rubric: Rubric, tier: str) -> Reasons:
    strengths = [
        f"{r.requirement}: “{_quote(r.resume_evidence)}”"
        for r in rubric.must_haves + rubric.nice_to_haves
        if r.strength == "strong"
    ][:5]
    partial = [
        f"{r.requirement} (related: “{_quote(r.resume_evidence, 70)}”)"
        for r in rubric.must_haves if r.strength == "partial"
    ][:2]
    gaps = list(dict.fromkeys(rubric.gaps))[:5]
    why = rubric.why_not_higher
    missing = rubric.missing_must_haves
    if tier == "stretch" and missing:
        why = "A broader match: it asks for " + ", ".join(missing[:4]) + ". " + why
    return Reasons(
        strengths=strengths + partial, gaps=gaps, why_not_higher=why.strip(),
        how_to_close=rubric.how_to_close[:2],
    )
