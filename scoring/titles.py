"""How a posting's title sits against the resume's titles: role families.

Families come from :data:`scoring.requirements.FAMILIES`. Work that carries over (backend to
full-stack) keeps most of its fit; an engineering resume against a sales, teaching or care
title keeps almost none — those are different jobs, not a stretch of the same one.
"""

from __future__ import annotations

from scoring.profile import Profile
from scoring.requirements import family

# How well a resume's role family carries over to a job's (1 = same kind of work).
_FAMILY_FIT = {
    ("software", "backend"): 1.0,
    ("software", "fullstack"): 1.0,
    ("software", "frontend"): 0.8,
    ("software", "infra"): 0.6,
    ("software", "mobile"): 0.5,
    ("software", "data"): 0.5,
    ("software", "ml"): 0.25,
    ("software", "research"): 0.05,
    ("backend", "fullstack"): 0.9,
    ("backend", "infra"): 0.6,
    ("frontend", "fullstack"): 0.9,
    ("data", "ml"): 0.6,
    ("ml", "research"): 0.7,
    ("infra", "backend"): 0.6,
    ("software", "security"): 0.2,
    ("software", "embedded"): 0.2,
    ("infra", "security"): 0.5,
    ("backend", "software"): 1.0,
    ("fullstack", "software"): 1.0,
    ("fullstack", "backend"): 1.0,
    ("fullstack", "frontend"): 0.9,
    ("ml", "data"): 0.7,
    ("ml", "software"): 0.5,
    ("data", "software"): 0.4,
}
TECH = frozenset(
    {
        "software",
        "backend",
        "frontend",
        "fullstack",
        "infra",
        "mobile",
        "data",
        "ml",
        "research",
        "security",
        "embedded",
    }
)
# Families whose work is not engineering: a technical resume fits them only by accident.
NON_TECH = frozenset({"sales", "marketing", "teaching", "care", "support", "hr", "legal"})


def _pair_fit(mine: str, job: str) -> float:
    if mine == job:
        return 1.0
    if (mine in TECH and job in NON_TECH) or (mine in NON_TECH and job in TECH):
        return 0.05
    return _FAMILY_FIT.get((mine, job), 0.3)


def family_fit(profile: Profile, job_family: str, overlap: float = 0.7) -> float:
    return families_fit(tuple(family(t) for t in profile.titles) or ("other",), job_family, overlap)


def families_fit(mine: tuple[str, ...], job_family: str, overlap: float = 0.7) -> float:
    """How well the resume's role families (one per title) carry over to the job's."""
    if job_family == "other":
        return overlap
    return max(overlap if f == "other" else _pair_fit(f, job_family) for f in mine)
