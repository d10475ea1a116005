"""Remotive: ``remotive.com/api/remote-jobs``. Terms: at most 4 requests a day, link back
to the Remotive job page, name Remotive as the source."""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source, fetch_url
from scrapers.build import RawJob, json_list, make_posting, postings_from

NAME = "remotive"
URL = "https://remotive.com/api/remote-jobs"


def _posting(job: dict[str, Any]) -> Posting | None:
    where = job.get("candidate_required_location") or None
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=job.get("url"),
            title=job.get("title"),
            company=job.get("company_name"),
            location=where,
            remote=True,
            html=job.get("description"),
            salary_text=f"salary {job['salary']}" if job.get("salary") else None,
            employment=job.get("job_type"),
            posted=job.get("publication_date"),
            tags=[*(job.get("tags") or []), *([job["category"]] if job.get("category") else [])],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """The ``jobs`` response -> Postings; ``salary`` is free text."""
    return postings_from(json_list(payload, NAME, "jobs"), _posting)


fetch = fetch_url(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600 + 600,
    min_gap_s=5.0,
    terms="At most 4 requests a day; link back to Remotive and credit it.",
)
