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
import re
from functools import lru_cache
from typing import NamedTuple

from core.models import Posting
from scoring.evidence import best_quote
from scoring.features import CATEGORY_WEIGHT, job_requirements, level_fit, level_gap, resume_skills
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


def _grade_skills(names: list[str], facts: ResumeFacts) -> list[Graded]:
    taxonomy = load_taxonomy()
    graded = []
    for name in names:
        if name in facts.skills:
            graded.append((name, "strong", facts.skills[name][1]))
            continue
        category = taxonomy.category(name)
        related = facts.first_in_area.get(category) if category in _PARTIAL_CATEGORIES else None
        if related is not None:
            graded.append((name, "partial", facts.skills[related][1]))
        else:
            graded.append((name, "gap", NOT_FOUND))
    return graded


def _coverage(items: list[Graded], empty: float,
              mentions: dict[str, int] | None = None) -> float:
    """Credit-weighted share of requirements met; what the job names often weighs more."""
    if not items:
        return empty
    taxonomy = load_taxonomy()
    mentions = mentions or {}
    weights = [CATEGORY_WEIGHT.get(taxonomy.category(name), 1.0)
               * (1.0 + math.log(max(1, mentions.get(name, 1)))) for name, _, _ in items]
    credit = [1.0 if strength == "strong" else 0.5 if strength == "partial" else 0.0
              for _, strength, _ in items]
    return sum(w * c for w, c in zip(weights, credit, strict=True)) / sum(weights)


_LEVEL_WORDS = {"senior", "sr", "junior", "jr", "lead", "staff", "principal", "head", "chief",
                "intern", "graduate", "new", "grad", "i", "ii", "iii", "iv", "remote", "hybrid",
                "the", "and", "of", "for", "with", "in", "at", "to", "a", "m", "f", "d"}


def title_overlap(title: str, facts: ResumeFacts) -> float:
    """Share of the job title's words (level words aside) that the resume uses."""
    words = _title_words(title)
    if not words:
        return 0.5
    return sum(1 for w in words if facts.has_word_start(w)) / len(words)


@lru_cache(maxsize=4096)
def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z][a-z+#.]*", title.lower())
                     if w not in _LEVEL_WORDS)


def skill_focus(job_mentions: dict[str, int], facts: ResumeFacts) -> float:
    """Cosine between the job's and the resume's skill mentions summed per taxonomy area."""
    taxonomy = load_taxonomy()
    job: dict[str, float] = {}
    for name, count in job_mentions.items():
        area = taxonomy.category(name)
        job[area] = job.get(area, 0.0) + count
    norm = math.sqrt(sum(v * v for v in job.values())) * facts.areas_norm
    if not norm:
        return 0.5
    return sum(v * facts.areas.get(area, 0.0) for area, v in job.items()) / norm


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


def assess(profile: Profile, posting: Posting, facts: ResumeFacts,
           job: JobRequirements | None = None) -> Assessment:
    """The rule grade's numbers, with no model built: an alert round scores every near pair
    this way and writes a rubric (:func:`grade_by_rules`) only for what it sends.
    ``job`` spares reading the posting's requirements again."""
    job = job or job_requirements(posting)
    must, nice = _grade_skills(job.must, facts), _grade_skills(job.nice, facts)
    years = profile.years_total or 0.0
    years_fit = 1.0 if not job.years_min else min(1.0, years / job.years_min)
    seniority_fit, seniority_label = _seniority_fit(profile, job.seniority)
    education_fit = 1.0 if _DEGREE_RANK[profile.education] >= _DEGREE_RANK[job.degree] else 0.3
    overlap = title_overlap(core_title(posting.title), facts)
    parts = (_coverage(must, overlap, job.mentions), _coverage(nice, overlap, job.mentions),
             years_fit, seniority_fit, education_fit,
             families_fit(facts.families, job.family, overlap), skill_focus(job.mentions, facts))
    weighted = sum(w * p for w, p in zip(WEIGHTS[_level(job)], parts, strict=True))
    return Assessment(round(1.0 + 4.0 * weighted, 2), must, nice, overlap, seniority_label,
                      education_fit, years, job)


def grade_by_rules(resume_text: str, profile: Profile, posting: Posting,
                   facts: ResumeFacts | None = None) -> Rubric:
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
    rubric = Rubric(must_haves=must[:12], nice_to_haves=nice[:10], gaps=gaps[:10],
                    seniority_fit=a.seniority, score=a.score, recommend=a.score >= 3.5)
    # The rubric's own sentences are the reasons' English ones, so both say the same.
    reasons = build_reasons(rubric, "good")
    return rubric.model_copy(update={"why_not_higher": reasons.why_not_higher,
                                     "how_to_close": reasons.how_to_close})


def _quoted(graded: list[Graded], facts: ResumeFacts, found: dict[str, list[tuple[int, int]]],
            text: str, used: set[str]) -> list[Requirement]:
    """Requirements whose evidence is the best sentence about the skill (for a related skill,
    about the resume's skill that stands in for it) not quoted yet on this card."""
    taxonomy = load_taxonomy()
    out = []
    for name, strength, evidence in graded:
        stand_in = name if strength == "strong" else facts.first_in_area.get(
            taxonomy.category(name), "")
        if strength != "gap" and found.get(stand_in):
            evidence = best_quote(text, found[stand_in], used)
            if strength == "strong":
                used.add(evidence)
        out.append(Requirement(requirement=name, strength=strength, resume_evidence=evidence))
    return out


__all__ = ["NOT_FOUND", "assess", "evidence_line", "grade_by_rules"]
