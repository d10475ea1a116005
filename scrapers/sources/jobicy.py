"""Jobicy: ``jobicy.com/api/v2/remote-jobs``. Terms: at most hourly, link back to Jobicy."""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source, fetch_url
from scrapers.build import RawJob, json_list, make_posting, postings_from
from scrapers.normalize.salary import from_fields

NAME = "jobicy"
URL = "https://jobicy.com/api/v2/remote-jobs?count=50"


def _posting(job: dict[str, Any]) -> Posting | None:
    geo = job.get("jobGeo") if job.get("jobGeo") not in ("Anywhere", "") else None
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=job.get("url"),
            title=job.get("jobTitle"),
            company=job.get("companyName"),
            location=geo,
            remote=True,
            html=job.get("jobDescription") or job.get("jobExcerpt"),
            salary=from_fields(
                job.get("salaryMin") or job.get("annualSalaryMin"),
                job.get("salaryMax") or job.get("annualSalaryMax"),
                job.get("salaryCurrency"),
                job.get("salaryPeriod") or "year",
            ),
            employment=job.get("jobType"),
            level=job.get("jobLevel"),
            posted=job.get("pubDate"),
            tags=job.get("jobIndustry") or [],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """The ``jobs`` response -> Postings (every Jobicy job is remote)."""
    return postings_from(json_list(payload, NAME, "jobs", missing_ok=True), _posting)


fetch = fetch_url(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=3 * 3600,
    min_gap_s=5.0,
    terms="At most hourly; link back to the job on Jobicy.",
)
