"""Remotive: ``remotive.com/api/remote-jobs``. Terms: at most 4 requests a day, link back
to the Remotive job page, name Remotive as the source."""

from __future__ import annotations

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import load_json, make_posting
from scrapers.errors import PayloadError

NAME = "remotive"
URL = "https://remotive.com/api/remote-jobs"


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """The ``jobs`` response -> Postings; ``salary`` is free text."""
    data = load_json(payload, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError(NAME, "expected an object with a `jobs` list")
    postings: list[Posting] = []
    for job in data["jobs"]:
        if not isinstance(job, dict):
            continue
        where = job.get("candidate_required_location") or None
        posting = make_posting(
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
        if posting:
            postings.append(posting)
    return postings


async def fetch(ctx: FetchContext) -> list[Posting]:
    response = await ctx.get(URL)
    return parse(response.body) if response else []


SOURCE = Source(NAME, parse, fetch, interval_s=6 * 3600 + 600, min_gap_s=5.0,
                terms="At most 4 requests a day; link back to Remotive and credit it.")
