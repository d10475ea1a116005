"""Evidence about one resume and one posting that is cheap enough for the first list.

Each part is on 0–100, so a blend of them reads on the same scale as the embedding band:

- ``lexical``: the posting's skills (weighted by how often it names them) that the resume
  names too — lexical evidence that counts in the score the user sees first;
- ``level``: how the posting's level sits against the resume's (a step down costs less than
  a step up; two steps or more is far);
- ``stack``: the languages and frameworks the posting is built on that the resume knows (a
  .NET posting for a Python-only resume scores 0 here);
- ``title``: the role family of the posting's title against the resume's titles, and how
  many of the title's words the resume uses (a "Sales" ask for an engineer scores low).

The posting side is read once per posting text and kept (postings are shared by every user).
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from core.models import SENIORITY_ORDER, Posting
from scoring.profile import Profile
from scoring.requirements import JobRequirements, core_title, requirements
from scoring.taxonomy import load_taxonomy
from scoring.titles import family_fit, title_overlap

# Tools and techniques decide fit; domains and ways of working are weaker evidence.
CATEGORY_WEIGHT = {"process": 0.3, "domain": 0.3, "business": 0.4, "finance": 0.8,
                   "office": 0.3}
# What a product is built with: the posting's stack, as opposed to the tools around it.
STACK_CATEGORIES = frozenset({"language", "web", "mobile"})
NEUTRAL = 70.0  # a part the posting says nothing about neither helps nor sinks it
NO_STACK = 35.0  # a job naming no stack, for a resume that has one


class Parts(BaseModel):
    """The first-list evidence of one match (each 0–100) and the level step between them:
    the posting's level minus the resume's, ``None`` when either is not stated."""

    lexical: float
    level: float
    stack: float
    title: float
    level_gap: int | None = None


@dataclass(frozen=True)
class ResumeSide:
    profile: Profile
    lower: str
    found: frozenset[str]


def resume_side(text: str, profile: Profile) -> ResumeSide:
    return ResumeSide(profile, text.lower(), frozenset(resume_skills(text)))


@lru_cache(maxsize=32)
def resume_skills(text: str) -> dict[str, list[tuple[int, int]]]:
    """The resume's skill mentions, found once per resume (callers only read the result)."""
    return load_taxonomy().find(text)


_JOBS: OrderedDict[str, JobRequirements] = OrderedDict()


def job_requirements(posting: Posting) -> JobRequirements:
    """:func:`scoring.requirements.requirements`, kept for the last 20,000 posting texts."""
    key = hashlib.blake2b(
        f"{posting.seniority}\x00{posting.years_min}\x00{posting.title}\x00"
        f"{posting.description}".encode(), digest_size=16).hexdigest()
    job = _JOBS.get(key)
    if job is None:
        job = _JOBS[key] = requirements(posting)
        if len(_JOBS) > 20_000:
            _JOBS.popitem(last=False)
    return job


def level_gap(resume_level: str, job_level: str, up_to: str | None = None) -> int | None:
    """Levels from the resume's to the job's (+ above, − below); a resume that seeks a range
    of levels (``up_to`` its highest) is at 0 for every level inside it."""
    if resume_level not in SENIORITY_ORDER or job_level not in SENIORITY_ORDER:
        return None
    job, low = SENIORITY_ORDER.index(job_level), SENIORITY_ORDER.index(resume_level)
    high = SENIORITY_ORDER.index(up_to) if up_to in SENIORITY_ORDER else low
    return job - low if job < low else max(0, job - max(low, high))


def level_fit(gap: int | None) -> float:
    """0–1; reaching above one's level is a bigger miss than stepping a level down."""
    if gap is None:
        return 0.7
    if gap == 0:
        return 1.0
    if gap > 0:
        return 0.4 if gap == 1 else 0.0
    return 0.7 if gap == -1 else 0.3


def _weight(name: str, mentions: int) -> float:
    category = load_taxonomy().category(name)
    return CATEGORY_WEIGHT.get(category, 1.0) * (1.0 + math.log(max(1, mentions)))


def lexical(job: JobRequirements, side: ResumeSide, overlap: float) -> float:
    """Share (0–100) of the posting's weighted skills the resume names; the title's words
    stand in when the posting names no skill."""
    if not job.mentions:
        return round(100.0 * overlap, 1)
    weights = {n: _weight(n, c) for n, c in job.mentions.items()}
    met = sum(w for n, w in weights.items() if n in side.found)
    return round(100.0 * met / sum(weights.values()), 1)


def stack(job: JobRequirements, side: ResumeSide) -> float:
    taxonomy = load_taxonomy()
    asked = {n: c for n, c in job.mentions.items() if taxonomy.category(n) in STACK_CATEGORIES}
    if not asked:
        # For a resume that builds with a stack, a job naming none is rarely building
        # software: no evidence for it (neutral would rank it above a job half in stack).
        builds = any(taxonomy.category(n) in STACK_CATEGORIES for n in side.found)
        return NO_STACK if builds else NEUTRAL
    return round(100.0 * sum(c for n, c in asked.items() if n in side.found)
                 / sum(asked.values()), 1)


def parts(side: ResumeSide, posting: Posting) -> Parts:
    job = job_requirements(posting)
    overlap = title_overlap(core_title(posting.title), side.lower)
    gap = level_gap(side.profile.seniority, job.seniority, side.profile.seniority_to)
    title = 0.5 * family_fit(side.profile, job.family, overlap) + 0.5 * overlap
    return Parts(lexical=lexical(job, side, overlap), level=round(100.0 * level_fit(gap), 1),
                 stack=stack(job, side), title=round(100.0 * title, 1), level_gap=gap)


def too_far(part: Parts | None, window: int = 1) -> bool:
    """More than ``window`` levels from the resume (intern for a senior, lead for a junior)."""
    return part is not None and part.level_gap is not None and abs(part.level_gap) > window
