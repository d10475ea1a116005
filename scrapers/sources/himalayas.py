"""Himalayas: ``himalayas.app/jobs/api``. Terms: poll at most once a day, credit Himalayas
and link to the job there."""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, json_list, make_posting, postings_from
from scrapers.normalize.salary import from_fields

NAME = "himalayas"
URL = "https://himalayas.app/jobs/api?limit=20&offset={offset}"


def _country(job: dict[str, Any]) -> str | None:
    places = job.get("locationRestrictions") or []
    return places[0] if len(places) == 1 and isinstance(places[0], str) else None


def _posting(job: dict[str, Any]) -> Posting | None:
    places = [p for p in job.get("locationRestrictions") or [] if isinstance(p, str)]
    level = (job.get("seniority") or [None])[0]
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("guid") or job.get("applicationLink"),
            url=job.get("guid") or job.get("applicationLink"),
            apply_url=job.get("applicationLink"),
            title=job.get("title"),
            company=job.get("companyName"),
            location=", ".join(places) or None,
            country=_country(job),
            remote=True,
            html=job.get("description"),
            salary=from_fields(
                job.get("minSalary"),
                job.get("maxSalary"),
                job.get("currency"),
                job.get("salaryPeriod"),
            ),
            employment=job.get("employmentType"),
            level=level if isinstance(level, str) else None,
            posted=job.get("pubDate"),
            tags=[*(job.get("parentCategories") or []), *(job.get("categories") or [])],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """The ``jobs`` response -> Postings (every Himalayas job is remote)."""
    return postings_from(json_list(payload, NAME, "jobs"), _posting)


async def fetch(ctx: FetchContext) -> list[Posting]:
    postings: list[Posting] = []
    for page in range(int(ctx.option("pages", 3))):
        response = await ctx.get(URL.format(offset=page * 20))
        if response is None:
            break
        found = parse(response.body)
        postings += found
        if not found:
            break
    return postings


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=24 * 3600,
    min_gap_s=5.0,
    terms="Poll at most daily; credit Himalayas and link to the job on himalayas.app.",
)
