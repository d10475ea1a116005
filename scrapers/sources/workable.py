"""Workable: the public widget API ``apply.workable.com/api/v1/widget/accounts/{account}``.

Also reads the v3 jobs endpoint's shape (``results``), which ``parse-payload`` may be given.
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source
from scrapers.build import RawJob, item_list, load_json, make_posting, postings_from
from scrapers.sources.boards import company_from_slug, fetch_boards

NAME = "workable"
URL = "https://apply.workable.com/api/v1/widget/accounts/{}?details=true"


def _location(job: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    found = job.get("location")
    loc: dict[str, Any] = found if isinstance(found, dict) else {}
    city = job.get("city") or loc.get("city")
    country = job.get("country") or loc.get("country")
    for extra in job.get("locations") or []:
        if isinstance(extra, dict):
            city = city or extra.get("city")
            country = extra.get("countryCode") or country
    text = ", ".join(
        p
        for p in (
            city,
            job.get("state") or loc.get("region"),
            job.get("country") or loc.get("country"),
        )
        if p
    )
    return text or None, country, city


def _posting(job: dict[str, Any], company: str | None) -> Posting | None:
    location, country, city = _location(job)
    shortcode = job.get("shortcode")
    url = job.get("url") or (f"https://apply.workable.com/j/{shortcode}" if shortcode else None)
    workplace = job.get("workplace") if isinstance(job.get("workplace"), str) else None
    return make_posting(
        RawJob(
            NAME,
            source_id=shortcode or job.get("id"),
            url=url,
            apply_url=job.get("application_url"),
            title=job.get("title"),
            company=company,
            location=location,
            country=country,
            city=city,
            remote=bool(job.get("telecommuting") or job.get("remote")) or None,
            workplace=workplace,
            html=job.get("description"),
            employment=job.get("employment_type") or job.get("type"),
            level=job.get("experience") or None,
            posted=job.get("published_on") or job.get("published") or job.get("created_at"),
            tags=[t for t in (job.get("department"), job.get("industry")) if isinstance(t, str)],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """An account's widget response (``jobs``), a v3 jobs page (``results``) or a bare list
    of their jobs (the company then comes from ``origin``) -> Postings."""
    data = load_json(payload, NAME)
    envelope = data if isinstance(data, dict) else {}
    key = "results" if "results" in envelope and "jobs" not in envelope else "jobs"
    jobs = item_list(data, NAME, key)
    company = envelope.get("name") or company_from_slug(origin)
    return postings_from(jobs, lambda job: _posting(job, company))


fetch = fetch_boards(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=2.0,
    terms="Public widget API for career pages; link back to the job url.",
)
