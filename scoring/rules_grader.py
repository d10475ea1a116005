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

from core.models import Posting
from scoring.evidence import best_quote, sentence_around
from scoring.features import CATEGORY_WEIGHT, job_requirements, level_fit, level_gap, resume_skills
from scoring.gaps import is_real_gap
from scoring.profile import Profile
from scoring.reasons import build_reasons
from scoring.requirements import JobRequirements, core_title
from scoring.rubric import NOT_FOUND, Requirement, Rubric
from scoring.taxonomy import load_taxonomy
from scoring.titles import family_fit, title_overlap

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


def evidence_line(text: str, span: tuple[int, int], width: int = 160) -> str:
    """The resume's sentence around ``span``, cut near ``width`` characters (verbatim)."""
    return sentence_around(text, span, width)


def _grade_skills(names: list[str], found: dict[str, list[tuple[int, int]]],
                  text: str, used: set[str]) -> list[Requirement]:
    taxonomy = load_taxonomy()
    graded = []
    for name in names:
        if name in found:
            quote = best_quote(text, found[name], used)
            used.add(quote)
            graded.append(Requirement(requirement=name, strength="strong", resume_evidence=quote))
            continue
        category = taxonomy.category(name)
        related = [n for n in found if category in _PARTIAL_CATEGORIES
                   and taxonomy.category(n) == category]
        if related:
            graded.append(Requirement(requirement=name, strength="partial",
                                      resume_evidence=best_quote(text, found[related[0]], used)))
        else:
            graded.append(Requirement(requirement=name))
    return graded


def _coverage(items: list[Requirement], empty: float,
              mentions: dict[str, int] | None = None) -> float:
    """Credit-weighted share of requirements met; what the job names often weighs more."""
    if not items:
        return empty
    taxonomy = load_taxonomy()
    mentions = mentions or {}
    weights = [CATEGORY_WEIGHT.get(taxonomy.category(r.requirement), 1.0)
               * (1.0 + math.log(max(1, mentions.get(r.requirement, 1)))) for r in items]
    credit = [1.0 if r.strength == "strong" else 0.5 if r.met else 0.0 for r in items]
    return sum(w * c for w, c in zip(weights, credit, strict=True)) / sum(weights)


def skill_focus(job_mentions: dict[str, int],
                resume_found: dict[str, list[tuple[int, int]]]) -> float:
    """Cosine between the job's and the resume's skill mentions summed per taxonomy area."""
    taxonomy = load_taxonomy()
    job: dict[str, float] = {}
    mine: dict[str, float] = {}
    for name, count in job_mentions.items():
        area = taxonomy.category(name)
        job[area] = job.get(area, 0.0) + count
    for name, spans in resume_found.items():
        area = taxonomy.category(name)
        mine[area] = mine.get(area, 0.0) + len(spans)
    norm = math.sqrt(sum(v * v for v in job.values()) * sum(v * v for v in mine.values()))
    if not norm:
        return 0.5
    return sum(v * mine.get(area, 0.0) for area, v in job.items()) / norm


def _seniority_fit(profile: Profile, wanted: str) -> tuple[float, str]:
    gap = level_gap(profile.seniority, wanted, profile.seniority_to)
    label = "unknown" if gap is None else "fit" if gap == 0 else "under" if gap > 0 else "over"
    return level_fit(gap), label


def grade_by_rules(resume_text: str, profile: Profile, posting: Posting) -> Rubric:
    """A complete rubric without any LLM; deterministic for the same inputs."""
    job = job_requirements(posting)
    found = resume_skills(resume_text)
    used: set[str] = set()
    must = _grade_skills(job.must, found, resume_text, used)
    nice = _grade_skills(job.nice, found, resume_text, used)
    years = profile.years_total or 0.0
    years_fit = 1.0 if not job.years_min else min(1.0, years / job.years_min)
    seniority_fit, seniority_label = _seniority_fit(profile, job.seniority)
    education_fit = 1.0 if _DEGREE_RANK[profile.education] >= _DEGREE_RANK[job.degree] else 0.3
    overlap = title_overlap(core_title(posting.title), resume_text.lower())
    parts = (_coverage(must, overlap, job.mentions), _coverage(nice, overlap, job.mentions),
             years_fit, seniority_fit, education_fit, family_fit(profile, job.family, overlap),
             skill_focus(job.mentions, found))
    weighted = sum(w * p for w, p in zip(WEIGHTS[_level(job)], parts, strict=True))
    score = round(1.0 + 4.0 * weighted, 2)
    gaps = [r.requirement for r in must if not r.met and is_real_gap(r.requirement)]
    if overlap < 0.5:
        gaps.insert(0, f"experience as {core_title(posting.title)}")
    if job.years_min and years < job.years_min:
        gaps.append(f"{job.years_min:g}+ years of experience (resume shows {years:g})")
    if education_fit < 1.0 and job.degree:
        gaps.append(f"{job.degree} degree")
    rubric = Rubric(must_haves=must[:12], nice_to_haves=nice[:10], gaps=gaps[:10],
                    seniority_fit=seniority_label, score=score, recommend=score >= 3.5)
    # The rubric's own sentences are the reasons' English ones, so both say the same.
    reasons = build_reasons(rubric, "good")
    return rubric.model_copy(update={"why_not_higher": reasons.why_not_higher,
                                     "how_to_close": reasons.how_to_close})


__all__ = ["NOT_FOUND", "evidence_line", "family_fit", "grade_by_rules"]
