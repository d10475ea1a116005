"""What the ATS board sources share: a company's name when a board only gives its slug, and
the fetch that polls every configured board.

A board API often names the board (``acme-corp``) and not the company. A company's name is
then, first to last: the display name the companies file gives for that slug in the source's
``names`` table (``[lever] names = { acme-corp = "ACME Corp." }``), which wins over the
payload too because an admin wrote it; the name the payload carries; one spelled from the slug
by :func:`company_from_slug`, the same way for every source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from core.models import Posting
from scrapers.base import Fetch, FetchContext, Parse, fetch_each

_SEPARATORS = re.compile(r"[-_+\s]+")


def company_from_slug(slug: str | None) -> str | None:
    """``acme-corp`` -> ``Acme Corp``: separators become spaces and every word gets a capital
    first letter, the rest kept as written (``AutomationAnywhere1`` stays as it is)."""
    if not slug:
        return None
    words = _SEPARATORS.split(unquote(slug).strip())
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or None


def display_names(companies: Mapping[str, Any], source: str) -> dict[str, str]:
    """The source's ``names`` table from the companies file: slug -> display name (entries
    that are not text are left out)."""
    section = companies.get(source, {})
    names = section.get("names", {}) if isinstance(section, Mapping) else {}
    if not isinstance(names, Mapping):
        return {}
    return {
        str(slug): name.strip()
        for slug, name in names.items()
        if isinstance(name, str) and name.strip()
    }


def named(postings: list[Posting], name: str | None) -> list[Posting]:
    """The postings with ``company`` set to ``name`` (unchanged when there is none)."""
    if not name:
        return postings
    return [posting.model_copy(update={"company": name}) for posting in postings]


def fetch_boards(template: str, parse: Parse, key: str = "companies") -> Fetch:
    """``fetch_each(template, parse, key)`` whose boards are named from the companies file
    where it gives a name for their slug."""

    async def fetch(ctx: FetchContext) -> list[Posting]:
        names = display_names(ctx.companies, ctx.source)

        def parse_named(payload: bytes | str, origin: str | None = None) -> list[Posting]:
            return named(parse(payload, origin), names.get(origin or ""))

        return await fetch_each(template, parse_named, key)(ctx)

    return fetch
