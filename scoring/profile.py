"""The candidate profile: what matching needs to know about a resume.

``extract_profile`` asks the LLM when one is configured and checks every answer against the
text (a skill or title the text never mentions is dropped); without an LLM, or when it fails,
deterministic rules answer, so the same text always gives the same profile.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from rapidfuzz import fuzz

from core.models import Seniority
from scoring import profile_rules as rules
from scoring.prompts import PROFILE_SYSTEM, profile_user_message
from scoring.sections import level_sought
from scoring.taxonomy import load_taxonomy

if TYPE_CHECKING:
    from scoring.llm import LLMCascade

PROFILE_VERSION = "profile-v1"
RemotePreference = Literal["remote", "hybrid", "onsite", "any"]
Degree = Literal["phd", "master", "bachelor", "associate"]


class SkillYears(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    years: float | None = Field(default=None, ge=0, le=50)


class _Facts(BaseModel):
    """The facts a profile holds: the keys the profile prompt asks the LLM for."""

    titles: list[str] = Field(default_factory=list, max_length=10)
    seniority: Seniority = "unknown"
    years_total: float | None = Field(default=None, ge=0, le=50)
    skills: list[SkillYears] = Field(default_factory=list, max_length=80)
    location: str | None = Field(default=None, max_length=120)
    remote_preference: RemotePreference = "any"
    languages: list[str] = Field(default_factory=list, max_length=20)
    education: Degree | None = None

    @field_validator("titles", "languages")
    @classmethod
    def _short_strings(cls, value: list[str]) -> list[str]:
        return [v.strip()[:80] for v in value if v and v.strip()]


class ProfileReply(_Facts):
    """What an LLM's answer to the profile request must be: the prompt's keys only, each of
    its JSON type, and at least one title or skill.

    Valid JSON of another shape (a match rubric, ``{}``, ``"years_total": "six"``) fails
    validation like invalid JSON does, so the cascade retries, moves on, and the rules answer;
    read leniently, it would pass as an empty profile labelled "llm".
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="after")
    def _has_substance(self) -> ProfileReply:
        if not self.titles and not self.skills:
            raise ValueError("a profile names at least one job title or skill")
        return self


class Profile(_Facts):
    """A resume's facts. Skills carry canonical taxonomy names where the taxonomy knows them."""

    # The highest level the resume says it seeks when it names one ("seeking a mid-senior
    # role": seniority mid, seniority_to senior); None when the level was inferred.
    seniority_to: Seniority | None = None
    source: Literal["rules", "llm"] = "rules"
    version: str = PROFILE_VERSION

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to score from (no skills, titles or experience)."""
        return not self.skills and not self.titles and not self.years_total

    @property
    def skill_names(self) -> set[str]:
        return {s.name for s in self.skills}

    def skill_years(self, name: str) -> float | None:
        return next((s.years for s in self.skills if s.name == name), None)


def profile_from_rules(text: str, today: date | None = None) -> Profile:
    """The deterministic profile: taxonomy skills, dated experience, titles, languages."""
    today = today or datetime.now(UTC).date()
    found = load_taxonomy().find(text)
    years_total, per_skill = rules.experience(text, today)
    titles = rules.titles(text)
    sought = level_sought(text)
    # Order skills by how often they are named, then by name, for a stable profile.
    order = sorted(found, key=lambda name: (-len(found[name]), name))
    return Profile(
        titles=titles,
        seniority=sought[0] if sought else rules.seniority(titles, years_total),
        seniority_to=sought[1] if sought else None,
        years_total=years_total,
        skills=[SkillYears(name=n, years=per_skill.get(n)) for n in order],
        location=rules.location(text),
        remote_preference=rules.remote_preference(text),
        languages=rules.languages(text),
        education=rules.education(text),
    )


def _mentioned(phrase: str, text_lower: str) -> bool:
    phrase = phrase.lower().strip()
    if not phrase:
        return False
    if phrase in text_lower:
        return True
    return len(phrase) > 4 and fuzz.partial_ratio(phrase, text_lower) >= 90


def checked_against_text(profile: Profile, text: str) -> Profile:
    """Drop what the text does not support; fold skill synonyms into canonical names."""
    taxonomy = load_taxonomy()
    lower = text.lower()
    found = taxonomy.find(text)
    skills: dict[str, SkillYears] = {}
    for skill in profile.skills:
        canonical = taxonomy.canonical(skill.name)
        if canonical in found or (canonical is None and _mentioned(skill.name, lower)):
            name = canonical or skill.name
            skills.setdefault(name, SkillYears(name=name, years=skill.years))
    titles = [t for t in profile.titles if _mentioned(t, lower)]
    languages = [lang for lang in profile.languages if re.search(rf"\b{re.escape(lang)}\b", text)]
    location = profile.location
    if location and not _mentioned(location, lower):
        location = None
    return profile.model_copy(
        update={
            "skills": list(skills.values()),
            "titles": titles,
            "languages": languages,
            "location": location,
            "source": "llm",
        }
    )


async def extract_profile(
    text: str, llm: LLMCascade | None = None, *, user_id: int | None = None
) -> Profile:
    """The profile of ``text``: LLM-extracted and checked when ``llm`` has a provider, else rules.

    The rule-based profile also fills what the LLM left out (e.g. skills it missed).
    """
    base = profile_from_rules(text)
    if llm is None or not llm.has_providers:
        return base
    answer = await llm.ask(
        "profile", PROFILE_SYSTEM, profile_user_message(text), ProfileReply, user_id=user_id
    )
    if answer is None:
        return base
    checked = checked_against_text(Profile.model_validate(answer.value.model_dump()), text)
    merged = {s.name: s for s in base.skills} | {s.name: s for s in checked.skills}
    # A level the resume states it seeks is its owner's word: it beats any reading of it.
    stated = (
        {"seniority": base.seniority, "seniority_to": base.seniority_to}
        if base.seniority_to
        else {}
    )
    return checked.model_copy(
        update={
            **stated,
            "skills": list(merged.values())[:80],
            "titles": checked.titles or base.titles,
            "years_total": checked.years_total
            if checked.years_total is not None
            else base.years_total,
            "languages": checked.languages or base.languages,
            "education": checked.education or base.education,
        }
    )
