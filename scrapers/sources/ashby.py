"""Ashby job boards: ``api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true``.

Compensation arrives structured (salary components; equity components are not pay).
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source
from scrapers.build import RawJob, json_list, make_posting, postings_from
from scrapers.normalize.salary import Salary, from_fields
from scrapers.sources.boards import company_from_slug, fetch_boards

NAME = "ashby"
URL = "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true"


def _salary(job: dict[str, Any]) -> Salary | None:
    compensation = job.get("compensation") or {}
    for part in compensation.get("summaryComponents") or []:
        if isinstance(part, dict) and part.get("compensationType") == "Salary":
            return from_fields(
                part.get("minValue"),
                part.get("maxValue"),
                part.get("currencyCode"),
                part.get("interval"),
            )
    return None


def _posting(job: dict[str, Any], origin: str | None) -> Posting | None:
    if job.get("isListed") is False:
        return None
    address = ((job.get("address") or {}).get("postalAddress")) or {}
    workplace = job.get("workplaceType")
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=job.get("jobUrl"),
            apply_url=job.get("applyUrl"),
            title=job.get("title"),
            company=company_from_slug(origin),
            location=job.get("location"),
            country=address.get("addressCountry"),
            city=address.get("addressLocality"),
            remote=job.get("isRemote") if not workplace else None,
            workplace=workplace,
            html=job.get("descriptionHtml"),
            text=job.get("descriptionPlain"),
            salary=_salary(job),
            employment=job.get("employmentType"),
            posted=job.get("publishedAt"),
            tags=[t for t in (job.get("department"), job.get("team")) if isinstance(t, str)],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A board's ``job-board`` response -> Postings (unlisted jobs skipped)."""
    return postings_from(json_list(payload, NAME, "jobs"), lambda job: _posting(job, origin))


fetch = fetch_boards(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=1.0,
    terms="Public posting API for job boards; link back to jobUrl.",
)
