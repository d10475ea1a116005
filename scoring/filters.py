"""The user's hard filters applied to postings in memory (the index applies the same ones
itself); used when postings are given directly instead of searched."""

from __future__ import annotations

import re

from core.models import Posting
from search.base import Filters
from search.docs import yearly_salary


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
    return not (filters.posted_after and posting.posted_at
                and posting.posted_at < filters.posted_after)
