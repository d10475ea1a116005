"""The rule-based rubric: always answers, instantly, from the profile and the job's text.

Score = 1 + 4 × a weighted sum of: must-have coverage, nice-to-have coverage, experience
fit, seniority fit, education fit, role-family fit and skill focus (does the job's mix of
skill areas — web, data, ML, devops, finance… — look like the resume's). The weights depend
on the job's level: for senior roles years and level count more, for junior roles skills
and degree do. bench/eval_match.py measures the result against labelled pairs.
Every evidence quote is a line of the resume, so the verifier always confirms it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from core.models import Posting
from scoring.evidence import best_quote
from scoring.features import (
    CATEGORY_WEIGHT,
    PostingSide,
    level_fit,
    level_gap,
    posting_side,
    resume_skills,
    title_overlap,
)
from scoring.gaps import is_real_gap
from scoring.profile import Profile
from scoring.reasons import build_reasons
from scoring.requirements import JobRequirements, core_title
from scoring.resume_facts import ResumeFacts, evidence_line
from scoring.rubric import NOT_FOUND, Requirement, Rubric
from scoring.taxonomy import load_taxonomy
from scoring.titles import families_fit

# (must, nice, years, seniority, education, family, focus) per job level; each row sums to 1.
WEIGHTS = {
    "junior": (0.25, 0.10, 0.00, 0.10, 0.10, 0.15, 0.30),
    "mid": (0.15, 0.10, 0.05, 0.15, 0.05, 0.20, 0.30),
    "senior": (0.15, 0.10, 0.10, 0.15, 0.05, 0.15, 0.30),
}
_PARTIAL_CATEGORIES = {"language", "web", "data", "cloud", "devops", "mobile", "ml", "quality"}
_DEGREE_RANK = {None: 0, "associate": 1, "bachelor": 2, "master": 3, "phd": 4}


def _level(job: JobRequirements) -> str:
    if job.seniority in {"intern", "junior"}:
        return "junior"
    return "senior" if job.seniority in {"senior", "lead", "executive"} else "mid"


Graded = tuple[str, str, str]  # (requirement, strength, resume evidence)


def _grade_skills(
    names: list[str], categories: tuple[str, ...], facts: ResumeFacts
) -> list[Graded]:
    graded = []
    for name, category in zip(names, categories, strict=True):
        if name in facts.skills:
            graded.append((name, "strong", facts.skills[name][1]))
            continue
        related = facts.first_in_area.get(category) if category in _PARTIAL_CATEGORIES else None
        if related is not None:
            graded.append((name, "partial", facts.skills[related][1]))
        else:
            graded.append((name, "gap", NOT_FOUND))
    return graded


@dataclass(frozen=True)
class JobSide:
    """What the rules' grade reads of one posting whatever the resume, read once per posting:
    the taxonomy area and the coverage weight of each must-have and nice-to-have (what the job
    names often weighs more) with their sums, its skill mentions summed per area and their
    norm (:func:`skill_focus`), and the rubric weights of its level."""

    post: PostingSide
    must_areas: tuple[str, ...]
    must_weights: tuple[float, ...]
    must_sum: float
    nice_areas: tuple[str, ...]
    nice_weights: tuple[float, ...]
    nice_sum: float
    areas: dict[str, float]
    areas_norm: float
    level_weights: tuple[float, ...]


def _areas_and_weights(
    names: list[str], mentions: dict[str, int]
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    areas = tuple(load_taxonomy().category(name) for name in names)
    return areas, tuple(
        CATEGORY_WEIGHT.get(area, 1.0) * (1.0 + math.log(max(1, mentions.get(name, 1))))
        for name, area in zip(names, areas, strict=True)
    )


@lru_cache(maxsize=4096)
def _job_side(post: PostingSide) -> JobSide:
    job, taxonomy = post.job, load_taxonomy()
    must_areas, must_weights = _areas_and_weights(job.must, job.mentions)
    nice_areas, nice_weights = _areas_and_weights(job.nice, job.mentions)
    areas: dict[str, float] = {}
    for name, count in job.mentions.items():
        area = taxonomy.category(name)
        areas[area] = areas.get(area, 0.0) + count
    return JobSide(
        post,
        must_areas,
        must_weights,
        sum(must_weights),
        nice_areas,
        nice_weights,
        sum(nice_weights),
        areas,
        math.sqrt(sum(v * v for v in areas.values())),
        WEIGHTS[_level(job)],
    )


def job_side(posting: Posting) -> JobSide:
    """The posting's :class:`JobSide`, kept for the postings read last."""
    return _job_side(posting_side(posting))


def _coverage(items: list[Graded], empty: float, weights: tuple[float, ...], total: float) -> float:
    """Credit-weighted share of requirements met (``weights``: the requirements', ``total``
    their sum)."""
    if not items:
        return empty
    credit = [
        1.0 if strength == "strong" else 0.5 if strength == "partial" else 0.0
        for _, strength, _ in items
    ]
    return sum(w * c for w, c in zip(weights, credit, strict=True)) / total


def skill_focus(job: JobSide, facts: ResumeFacts) -> float:
    """Cosine between the job's and the resume's skill mentions summed per taxonomy area."""
    norm = job.areas_norm * facts.areas_norm
    if not norm:
        return 0.5
    return sum(v * facts.areas.get(area, 0.0) for area, v in job.areas.items()) / norm


def _seniority_fit(profile: Profile, wanted: str) -> tuple[float, str]:
    gap = level_gap(profile.seniority, wanted, profile.seniority_to)
    label = "unknown" if gap is None else "fit" if gap == 0 else "under" if gap > 0 else "over"
    return level_fit(gap), label


class Assessment(NamedTuple):
    """A grade's parts, before they are written up as a rubric."""

    score: float
    must: list[Graded]
    nice: list[Graded]
    overlap: float
    seniority: str
    education_fit: float
    years: float
    job: JobRequirements


def assess(
    profile: Profile, posting: Posting, facts: ResumeFacts, side: JobSide | None = None
) -> Assessment:
    """The rule grade's numbers, with no model built: an alert round scores every near pair
    this way and writes a rubric (:func:`grade_by_rules`) only for what it sends.
    ``side`` (the posting's, :func:`job_side`) spares reading the posting again."""
    side = side or job_side(posting)
    job = side.post.job
    must = _grade_skills(job.must, side.must_areas, facts)
    nice = _grade_skills(job.nice, side.nice_areas, facts)
    years = profile.years_total or 0.0
    years_fit = 1.0 if not job.years_min else min(1.0, years / job.years_min)
    seniority_fit, seniority_label = _seniority_fit(profile, job.seniority)
    education_fit = 1.0 if _DEGREE_RANK[profile.education] >= _DEGREE_RANK[job.degree] else 0.3
    overlap = title_overlap(side.post.title_words, facts.has_word_start)
    parts = (
        _coverage(must, overlap, side.must_weights, side.must_sum),
        _coverage(nice, overlap, side.nice_weights, side.nice_sum),
        years_fit,
        seniority_fit,
        education_fit,
        families_fit(facts.families, job.family, overlap),
        skill_focus(side, facts),
    )
    weighted = sum(w * p for w, p in zip(side.level_weights, parts, strict=True))
    return Assessment(
        round(1.0 + 4.0 * weighted, 2),
        must,
        nice,
        overlap,
        seniority_label,
        education_fit,
        years,
        job,
    )


def grade_by_rules(
    resume_text: str, profile: Profile, posting: Posting, facts: ResumeFacts | None = None
) -> Rubric:
    """A complete rubric without any LLM; deterministic for the same inputs. ``facts`` are
    the stored resume's (:mod:`scoring.resume_facts`); without them they are found here.
    Each strength quotes the resume's best sentence about that skill, one sentence per skill."""
    facts = facts or ResumeFacts.of(resume_text, profile)
    a = assess(profile, posting, facts)
    found, used = resume_skills(resume_text), set[str]()
    must = _quoted(a.must, facts, found, resume_text, used)
    nice = _quoted(a.nice, facts, found, resume_text, used)
    gaps = [r.requirement for r in must if not r.met and is_real_gap(r.requirement)]
    if a.overlap < 0.5:
        gaps.insert(0, f"experience as {core_title(posting.title)}")
    if a.job.years_min and a.years < a.job.years_min:
        gaps.append(f"{a.job.years_min:g}+ years of experience (resume shows {a.years:g})")
    if a.education_fit < 1.0 and a.job.degree:
        gaps.append(f"{a.job.degree} degree")
    rubric = Rubric(
        must_haves=must[:12],
        nice_to_haves=nice[:10],
        gaps=gaps[:10],
        seniority_fit=a.seniority,
        score=a.score,
        recommend=a.score >= 3.5,
    )
    # The rubric's own sentences are the reasons' English ones, so both say the same.
    reasons = build_reasons(rubric, "good")
    return rubric.model_copy(
        update={"why_not_higher": reasons.why_not_higher, "how_to_close": reasons.how_to_close}
    )


def _quoted(
    graded: list[Graded],
    facts: ResumeFacts,
    found: dict[str, list[tuple[int, int]]],
    text: str,
    used: set[str],
) -> list[Requirement]:
    """Requirements whose evidence is the best sentence about the skill (for a related skill,
    about the resume's skill that stands in for it) not quoted yet on this card."""
    taxonomy = load_taxonomy()
    out = []
    for name, strength, evidence in graded:
        stand_in = (
            name if strength == "strong" else facts.first_in_area.get(taxonomy.category(name), "")
        )
        if strength != "gap" and found.get(stand_in):
            evidence = best_quote(text, found[stand_in], used)
            if strength == "strong":
                used.add(evidence)
        out.append(Requirement(requirement=name, strength=strength, resume_evidence=evidence))
    return out


__all__ = ["NOT_FOUND", "assess", "evidence_line", "grade_by_rules"]
