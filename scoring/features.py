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

What depends on the posting alone (:class:`PostingSide`) is read once per posting text and
kept (postings are shared by every user); what depends on the resume alone
(:class:`ResumeSide`) once per resume.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from core.models import SENIORITY_ORDER, Posting
from scoring.profile import Profile
from scoring.requirements import JobRequirements, core_title, requirements
from scoring.resume_facts import word_starts
from scoring.taxonomy import load_taxonomy
from scoring.titles import family_fit

# Tools and techniques decide fit; domains and ways of working are weaker evidence.
CATEGORY_WEIGHT = {"process": 0.3, "domain": 0.3, "business": 0.4, "finance": 0.8, "office": 0.3}
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
    """What the parts read of one resume: its profile, the skills it names and what follows
    each of its word starts (:func:`scoring.resume_facts.word_starts`)."""

    profile: Profile
    found: frozenset[str]
    words: tuple[str, ...]

    def uses(self, word: str) -> bool:
        """Whether some word of the resume starts with ``word`` (``\\b`` + ``word``)."""
        i = bisect_left(self.words, word)
        return i < len(self.words) and self.words[i].startswith(word)


def resume_side(text: str, profile: Profile) -> ResumeSide:
    return ResumeSide(profile, frozenset(resume_skills(text)), _words(text))


@lru_cache(maxsize=32)
def _words(text: str) -> tuple[str, ...]:
    return word_starts(text.lower())


@lru_cache(maxsize=32)
def resume_skills(text: str) -> dict[str, list[tuple[int, int]]]:
    """The resume's skill mentions, found once per resume (callers only read the result)."""
    return load_taxonomy().find(text)


@dataclass(frozen=True, eq=False)  # one per posting text (kept below): known by identity
class PostingSide:
    """What the parts and the rules' grade read of one posting whatever the resume, read once
    per posting text: an alert round meets each posting with thousands of resumes.

    ``weights``: the lexical weight of each skill the posting names (and their sum);
    ``stack``: the stack skills it names with their mentions (and their sum);
    ``title_words``: its core title's words, level words aside."""

    job: JobRequirements
    weights: dict[str, float]
    weight_sum: float
    stack: dict[str, int]
    stack_sum: int
    title_words: frozenset[str]


def _posting_side(posting: Posting) -> PostingSide:
    job = requirements(posting)
    taxonomy = load_taxonomy()
    weights = {n: _weight(n, c) for n, c in job.mentions.items()}
    asked = {n: c for n, c in job.mentions.items() if taxonomy.category(n) in STACK_CATEGORIES}
    return PostingSide(
        job,
        weights,
        sum(weights.values()),
        asked,
        sum(asked.values()),
        title_words(core_title(posting.title)),
    )


_POSTINGS: OrderedDict[str, PostingSide] = OrderedDict()


def posting_side(posting: Posting) -> PostingSide:
    """:class:`PostingSide` of ``posting``, kept for the last 20,000 posting texts."""
    key = hashlib.blake2b(
        f"{posting.seniority}\x00{posting.years_min}\x00{posting.title}\x00"
        f"{posting.description}".encode(),
        digest_size=16,
    ).hexdigest()
    side = _POSTINGS.get(key)
    if side is None:
        side = _POSTINGS[key] = _posting_side(posting)
        if len(_POSTINGS) > 20_000:
            _POSTINGS.popitem(last=False)
    return side


def job_requirements(posting: Posting) -> JobRequirements:
    """:func:`scoring.requirements.requirements`, kept for the last 20,000 posting texts."""
    return posting_side(posting).job


_LEVEL_WORDS = {
    "senior",
    "sr",
    "junior",
    "jr",
    "lead",
    "staff",
    "principal",
    "head",
    "chief",
    "intern",
    "graduate",
    "new",
    "grad",
    "i",
    "ii",
    "iii",
    "iv",
    "remote",
    "hybrid",
    "the",
    "and",
    "of",
    "for",
    "with",
    "in",
    "at",
    "to",
    "a",
    "m",
    "f",
    "d",
}


@lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[str]:
    """A job title's words, level words aside: those a resume's words are matched with."""
    return frozenset(
        w for w in re.findall(r"[a-z][a-z+#.]*", title.lower()) if w not in _LEVEL_WORDS
    )


def title_overlap(words: frozenset[str], uses: Callable[[str], bool]) -> float:
    """Share of the title's ``words`` that the resume ``uses`` (a half without words)."""
    if not words:
        return 0.5
    return sum(1 for w in words if uses(w)) / len(words)


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


def lexical(post: PostingSide, side: ResumeSide, overlap: float) -> float:
    """Share (0–100) of the posting's weighted skills the resume names; the title's words
    stand in when the posting names no skill."""
    if not post.weights:
        return round(100.0 * overlap, 1)
    met = sum(w for n, w in post.weights.items() if n in side.found)
    return round(100.0 * met / post.weight_sum, 1)


def stack(post: PostingSide, side: ResumeSide) -> float:
    if not post.stack:
        # For a resume that builds with a stack, a job naming none is rarely building
        # software: no evidence for it (neutral would rank it above a job half in stack).
        taxonomy = load_taxonomy()
        builds = any(taxonomy.category(n) in STACK_CATEGORIES for n in side.found)
        return NO_STACK if builds else NEUTRAL
    return round(
        100.0 * sum(c for n, c in post.stack.items() if n in side.found) / post.stack_sum, 1
    )


def parts(side: ResumeSide, posting: Posting, post: PostingSide | None = None) -> Parts:
    """``post``: the posting's side, when the caller has it (an alert round reads it once)."""
    post = post or posting_side(posting)
    job = post.job
    overlap = title_overlap(post.title_words, side.uses)
    gap = level_gap(side.profile.seniority, job.seniority, side.profile.seniority_to)
    title = 0.5 * family_fit(side.profile, job.family, overlap) + 0.5 * overlap
    return Parts(
        lexical=lexical(post, side, overlap),
        level=round(100.0 * level_fit(gap), 1),
        stack=stack(post, side),
        title=round(100.0 * title, 1),
        level_gap=gap,
    )


def too_far(part: Parts | None, window: int = 1) -> bool:
    """More than ``window`` levels from the resume (intern for a senior, lead for a junior)."""
    return part is not None and part.level_gap is not None and abs(part.level_gap) > window
