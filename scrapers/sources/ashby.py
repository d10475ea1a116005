"""Ashby job boards: ``api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true``.

Compensation arrives structured (salary components; equity components are not pay).
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import load_json, make_posting
from scrapers.errors import PayloadError
from scrapers.normalize_salary import Salary, from_fields

NAME = "ashby"
URL = "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"


def _salary(job: dict[str, Any]) -> Salary | None:
    compensation = job.get("compensation") or {}
    for part in compensation.get("summaryComponents") or []:
        if isinstance(part, dict) and part.get("compensationType") == "Salary":
            return from_fields(part.get("minValue"), part.get("maxValue"),
                               part.get("currencyCode"), part.get("interval"))
    return None


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A board's ``job-board`` response -> Postings (unlisted jobs skipped)."""
    data = load_json(payload, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError(NAME, "expected an object with a `jobs` list")
    postings: list[Posting] = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or job.get("isListed") is False:
            continue
        address = ((job.get("address") or {}).get("postalAddress")) or {}
        workplace = job.get("workplaceType")
        posting = make_posting(
            NAME,
            source_id=job.get("id"),
            url=job.get("jobUrl"),
            apply_url=job.get("applyUrl"),
            title=job.get("title"),
            company=origin.replace("-", " ").title() if origin else None,
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
        if posting:
            postings.append(posting)
    return postings


async def fetch(ctx: FetchContext) -> list[Posting]:
    async def one(board: str) -> list[Posting]:
        response = await ctx.get(URL.format(board=board))
        return parse(response.body, board) if response else []

    return await ctx.each(ctx.targets(), one)


SOURCE = Source(NAME, parse, fetch, interval_s=6 * 3600, min_gap_s=1.0,
                terms="Public posting API for job boards; link back to jobUrl.")
