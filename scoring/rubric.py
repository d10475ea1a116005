"""The rubric: a structured grade of one resume against one job, from the LLM or the rules.

Both graders produce the same ``Rubric``; the verifier and the blend never need to know
which one answered. ``score`` is on a 1–5 scale; ``llm_score`` maps it to 0–100.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

NOT_FOUND = "NOT FOUND"
Strength = Literal["strong", "partial", "gap"]
SeniorityFit = Literal["under", "fit", "over", "unknown"]


def on_100(score: float) -> float:
    """A 1–5 rubric score on the 0–100 scale the blend uses."""
    return round((score - 1.0) / 4.0 * 100.0, 1)


class Requirement(BaseModel):
    requirement: str = Field(min_length=1, max_length=300)
    resume_evidence: str = Field(default=NOT_FOUND, max_length=600)
    strength: Strength = "gap"

    @property
    def met(self) -> bool:
        return self.strength != "gap"


class Rubric(BaseModel):
    must_haves: list[Requirement] = Field(default_factory=list, max_length=20)
    nice_to_haves: list[Requirement] = Field(default_factory=list, max_length=20)
    gaps: list[str] = Field(default_factory=list, max_length=20)
    seniority_fit: SeniorityFit = "unknown"
    score: float = Field(ge=1.0, le=5.0)
    recommend: bool = False
    why_not_higher: str = Field(default="", max_length=600)
    how_to_close: list[str] = Field(default_factory=list, max_length=5)

    @field_validator("score", mode="before")
    @classmethod
    def _clamp(cls, value: object) -> object:
        # Out-of-range numbers are clamped rather than rejected: a 7 means "very high".
        if isinstance(value, int | float):
            return min(5.0, max(1.0, float(value)))
        return value

    @property
    def llm_score(self) -> float:
        """The 1–5 score on the 0–100 scale the blend uses."""
        return on_100(self.score)

    @property
    def missing_must_haves(self) -> list[str]:
        return [r.requirement for r in self.must_haves if not r.met]
