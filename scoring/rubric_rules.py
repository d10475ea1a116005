"""The level and stack rules, the same for an LLM's rubric as for the rules' one.

The rule grader and the first list read the resume's level (or the range it seeks) and the
job's, and the languages and frameworks the job is built with (:mod:`scoring.features`).
An LLM is given those same readings (:func:`rubric_facts`, sent with the job in the user
message) and the same rules in its prompt; :func:`apply_rules` then holds its answer to
them, so a model that ignores the prompt cannot rank an intern role first for a senior or a
.NET job first for a Python-only resume.
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scoring.features import STACK_CATEGORIES, ResumeSide, job_requirements, level_gap
from scoring.rubric import Rubric
from scoring.taxonomy import load_taxonomy

FAR_CAP = 2.0  # two levels or more away: a poor fit whatever else matches
NO_STACK_CAP = 3.0  # the product is built with nothing the resume knows


def rubric_facts(side: ResumeSide, posting: Posting) -> dict[str, Any]:
    """What the rules read about this pair, as the LLM receives it."""
    job = job_requirements(posting)
    profile = side.profile
    taxonomy = load_taxonomy()
    stack = [n for n in job.mentions if taxonomy.category(n) in STACK_CATEGORIES]
    levels: str = profile.seniority
    if profile.seniority_to and profile.seniority_to != profile.seniority:
        levels = f"{profile.seniority} to {profile.seniority_to}"
    return {
        "candidate_level": levels,
        "candidate_years": profile.years_total,
        "job_level": job.seniority,
        "levels_apart": level_gap(profile.seniority, job.seniority, profile.seniority_to),
        "job_stack": stack,
        "job_stack_in_resume": [n for n in stack if n in side.found],
    }


def apply_rules(rubric: Rubric, facts: dict[str, Any]) -> Rubric:
    """The rubric with the level the rules read and the caps both rules set."""
    gap = facts.get("levels_apart")
    update: dict[str, Any] = {}
    score = rubric.score
    if isinstance(gap, int):
        update["seniority_fit"] = "fit" if gap == 0 else "under" if gap > 0 else "over"
        if abs(gap) >= 2:
            score = min(score, FAR_CAP)
    stack = facts.get("job_stack") or []
    if stack and not facts.get("job_stack_in_resume"):
        score = min(score, NO_STACK_CAP)
        gaps = [g for g in stack if g not in rubric.gaps][:3]
        update["gaps"] = (gaps + rubric.gaps)[:20]
    if score < rubric.score:
        update |= {"score": score, "recommend": rubric.recommend and score >= 3.5}
    return rubric.model_copy(update=update)
