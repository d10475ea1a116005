"""We Work Remotely RSS: ``weworkremotely.com/remote-jobs.rss``. Titles read "Company: Role".

The feed's ``ttl`` is 60 minutes; polling every two hours stays well inside it.
"""

from __future__ import annotations

from typing import Any

import feedparser

from core.models import Posting
from scrapers.base import Source, fetch_url
from scrapers.build import RawJob, as_text, make_posting, postings_from
from scrapers.errors import PayloadError

NAME = "weworkremotely"
URL = "https://weworkremotely.com/remote-jobs.rss"


def _location(entry: Any) -> str | None:
    parts = [entry.get(k) for k in ("state", "country", "region")]
    return ", ".join(p for p in parts if isinstance(p, str) and p.strip()) or None


def _posting(entry: dict[str, Any]) -> Posting | None:
    company, _, role = str(entry.get("title", "")).partition(": ")
    if not role:
        company, role = "", company
    country = entry.get("country") or None
    return make_posting(
        RawJob(
            NAME,
            source_id=entry.get("id") or entry.get("link"),
            url=entry.get("link"),
            title=role,
            company=company or None,
            location=_location(entry),
            country=country if isinstance(country, str) and country.strip() else None,
            remote=True,
            html=entry.get("summary"),
            employment=entry.get("type"),
            posted=entry.get("published"),
            tags=[t.get("term", "") for t in entry.get("tags") or []]
            + [s.strip() for s in str(entry.get("skills") or "").split(",") if s.strip()],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """An RSS document -> Postings (one per ``item``)."""
    text = as_text(payload)
    if "<rss" not in text[:2000] and "<feed" not in text[:2000]:
        raise PayloadError(NAME, "not an RSS or Atom document")
    feed = feedparser.parse(text)
    if feed.bozo and not feed.entries:
        raise PayloadError(NAME, f"unreadable feed: {feed.get('bozo_exception')}")
    return postings_from(feed.entries, _posting)


fetch = fetch_url(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=2 * 3600,
    min_gap_s=5.0,
    terms="Public RSS; link back to the We Work Remotely job page.",
)
