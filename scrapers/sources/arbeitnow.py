"""Arbeitnow: ``www.arbeitnow.com/api/job-board-api`` (paged; ``links.next``)."""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, json_list, json_object, make_posting, postings_from

NAME = "arbeitnow"
URL = "https://www.arbeitnow.com/api/job-board-api"


def _posting(job: dict[str, Any]) -> Posting | None:
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("slug"),
            url=job.get("url"),
            title=job.get("title"),
            company=job.get("company_name"),
            location=job.get("location"),
            remote=bool(job.get("remote")) or None,
            html=job.get("description"),
            employment=job.get("job_types"),
            posted=job.get("created_at"),
            tags=job.get("tags") or [],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """One page of the job board API -> Postings."""
    return postings_from(json_list(payload, NAME, "data"), _posting)


async def fetch(ctx: FetchContext) -> list[Posting]:
    url: str | None = URL
    postings: list[Posting] = []
    for _ in range(int(ctx.option("pages", 3))):
        if not url:
            break
        response = await ctx.get(url)
        if response is None:
            break
        postings += parse(response.body)
        next_url = (json_object(response.body, NAME).get("links") or {}).get("next")
        url = next_url if isinstance(next_url, str) else None
    return postings


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=2.0,
    terms="Free public API; link back to the Arbeitnow job page.",
)
