"""Jobicy: ``jobicy.com/api/v2/remote-jobs``. Terms: at most hourly, link back to Jobicy."""

from __future__ import annotations

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import load_json, make_posting
from scrapers.errors import PayloadError
from scrapers.normalize_salary import from_fields

NAME = "jobicy"
URL = "https://jobicy.com/api/v2/remote-jobs?count=50"


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """The ``jobs`` response -> Postings (every Jobicy job is remote)."""
    data = load_json(payload, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("jobs", []), list):
        raise PayloadError(NAME, "expected an object with a `jobs` list")
    postings: list[Posting] = []
    for job in data.get("jobs", []):
        if not isinstance(job, dict):
            continue
        geo = job.get("jobGeo") if job.get("jobGeo") not in ("Anywhere", "") else None
        posting = make_posting(
            NAME,
            source_id=job.get("id"),
            url=job.get("url"),
            title=job.get("jobTitle"),
            company=job.get("companyName"),
            location=geo,
            remote=True,
            html=job.get("jobDescription") or job.get("jobExcerpt"),
            salary=from_fields(job.get("salaryMin") or job.get("annualSalaryMin"),
                               job.get("salaryMax") or job.get("annualSalaryMax"),
                               job.get("salaryCurrency"), job.get("salaryPeriod") or "year"),
            employment=job.get("jobType"),
            level=job.get("jobLevel"),
            posted=job.get("pubDate"),
            tags=job.get("jobIndustry") or [],
        )
        if posting:
            postings.append(posting)
    return postings


async def fetch(ctx: FetchContext) -> list[Posting]:
    response = await ctx.get(URL)
    return parse(response.body) if response else []


SOURCE = Source(NAME, parse, fetch, interval_s=3 * 3600, min_gap_s=5.0,
                terms="At most hourly; link back to the job on Jobicy.")
