"""The user's hard filters: what they are, and their one meaning.

Every backend translates :class:`Filters` into its engine's query (``search/columns.py``,
``search/elastic_bodies.py``) using the rules here (:meth:`Filters.seniority_levels`,
:func:`yearly_salary`); :func:`passes_filters` applies the same filters in memory, when
postings are given directly instead of searched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core.models import Posting, Seniority

# The seniority of a posting that states no level (see ``Filters.seniority_levels``).
UNSTATED: Seniority = "unknown"
PERIOD_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "day": 260.0, "hour": 2080.0}


@dataclass(frozen=True)
class Filters:
    """Hard filters; ``None`` or empty means no filter on that field."""

    remote: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_salary: float | None = None  # yearly, any currency: postings without salary pass
    exclude_companies: tuple[str, ...] = ()  # case-insensitive exact company names
    exclude_keywords: tuple[str, ...] = ()  # words; a posting whose text holds one is dropped
    posted_after: datetime | None = None  # postings without a date pass
    # Postings more than one level from the resume are dropped by the matcher (it knows the
    # resume; backends ignore this) unless the user's /prefs ask for every level.
    any_level: bool = False

    def seniority_levels(self) -> tuple[str, ...]:
        """The ``seniority`` values that pass the level filter; empty when it is not set.

        The wanted levels plus ``"unknown"``: many real postings state no level, and a
        posting that does not say it is junior should not vanish from a "senior" search
        (the rubric's seniority fit still ranks it below one that states the level).
        Every backend and the in-memory filter use this one rule.
        """
        if not self.seniority:
            return ()
        return tuple(dict.fromkeys((*self.seniority, UNSTATED)))


def yearly_salary(posting: Posting) -> float | None:
    """The top of the posting's salary range per year, or ``None`` when it names none."""
    top = posting.salary_max if posting.salary_max is not None else posting.salary_min
    if top is None:
        return None
    return top * PERIOD_PER_YEAR.get(posting.salary_period or "year", 1.0)


def passes_filters(posting: Posting, filters: Filters) -> bool:
    """True when ``posting`` satisfies every filter that is set."""
    if filters.remote and posting.remote not in filters.remote:
        return False
    if filters.countries and posting.country not in filters.countries:
        return False
    if filters.seniority and posting.seniority not in filters.seniority_levels():
        return False
    if filters.sources and posting.source not in filters.sources:
        return False
    if filters.min_salary is not None:  # a posting without salary passes
        yearly = yearly_salary(posting)
        if yearly is not None and yearly < filters.min_salary:
            return False
    company = (posting.company or "").lower()
    if any(c.lower() == company for c in filters.exclude_companies):
        return False
    text = f"{posting.title}\n{posting.description}".lower()
    if any(re.search(rf"\b{re.escape(k.lower())}\b", text) for k in filters.exclude_keywords):
        return False
    return not (
        filters.posted_after and posting.posted_at and posting.posted_at < filters.posted_after
    )
