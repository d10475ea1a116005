"""Greenhouse job boards: ``boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true``.

Public, unauthenticated JSON meant for career sites. ``content`` is entity-escaped HTML;
pay ranges (``pay_input_ranges``) come in cents.
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source
from scrapers.build import RawJob, item_list, load_json, make_posting, postings_from
from scrapers.normalize.salary import from_fields
from scrapers.sources.boards import company_from_slug, fetch_boards

NAME = "greenhouse"
URL = "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true&pay_transparency=true"


def _pay(job: dict[str, Any]) -> Any:
    for pay in job.get("pay_input_ranges") or []:
        found = from_fields(
            pay.get("min_cents"), pay.get("max_cents"), pay.get("currency_type"), "year", cents=True
        )
        if found:
            return found
    return None


def _posting(job: dict[str, Any], origin: str | None) -> Posting | None:
    if "absolute_url" not in job:
        return None
    location = (job.get("location") or {}).get("name")
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=job.get("absolute_url"),
            title=job.get("title"),
            company=job.get("company_name") or company_from_slug(origin),
            location=location,
            html=job.get("content"),
            salary=_pay(job),
            posted=job.get("first_published") or job.get("updated_at"),
            tags=[d.get("name", "") for d in job.get("departments") or [] if isinstance(d, dict)],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A board's ``jobs`` response, a bare list of its jobs, or one job object -> Postings."""
    data = load_json(payload, NAME)
    single = isinstance(data, dict) and "jobs" not in data
    jobs = [data] if single else item_list(data, NAME, "jobs")
    return postings_from(jobs, lambda job: _posting(job, origin))


fetch = fetch_boards(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=1.0,
    terms="Public Job Board API for career sites; link back to absolute_url.",
)
