"""One match pipeline: resume text → profile → first list → graded matches, best first.

Grading is the matcher's: rubric (LLM cascade for the top K, rules for the rest), verifier,
blend, tier and reasons. ``jobbot match`` and ``jobbot demo`` both run :func:`rank_resume`;
the callers build the resources (index, embedder, LLM cascade) and close them. A caller
that shows progress passes ``on_profile`` and ``on_first_list``, called as each stage ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.models import Posting
from scoring.match import Match, ranked
from scoring.matcher import Matcher
from scoring.profile import Profile, extract_profile
from search.filters import Filters


@dataclass(frozen=True)
class Ranking:
    """What the pipeline found: the profile, the embedding-stage list (before grading) and
    the graded matches, best first (ties by posting id, so the order is stable)."""

    profile: Profile
    first: list[Match]
    matches: list[Match]


async def rank_resume(
    text: str,
    matcher: Matcher,
    *,
    top: int = 10,
    postings: list[Posting] | None = None,
    keep_all: bool = False,
    filters: Filters | None = None,
    on_profile: Callable[[Profile], None] | None = None,
    on_first_list: Callable[[list[Match]], None] | None = None,
) -> Ranking:
    """Rank ``postings`` (or the matcher's index when None) for the resume ``text``.

    ``keep_all`` ranks every candidate with no threshold and no cut to ``top``. Raises
    :class:`scoring.errors.EmptyProfile` when nothing can be scored from the resume."""
    profile = await extract_profile(text, matcher.cascade)
    if on_profile is not None:
        on_profile(profile)
    first = await matcher.first_list(
        text, profile, filters, top=top, postings=postings, keep_all=keep_all
    )
    if on_first_list is not None:
        on_first_list(first)
    graded = ranked([m async for m in matcher.grade(text, profile, first)])
    return Ranking(profile, first, graded if keep_all else graded[:top])
