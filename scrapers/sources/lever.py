"""Lever postings: ``api.lever.co/v0/postings/{site}?mode=json`` (EU: ``api.eu.lever.co``).

``companies`` in the config poll the US host, ``eu_companies`` the EU host.
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, load_json, make_posting, postings_from
from scrapers.errors import PayloadError
from scrapers.normalize.salary import from_fields
from scrapers.sources.boards import company_from_slug, fetch_boards

NAME = "lever"
US_URL = "https://api.lever.co/v0/postings/{}?mode=json"
EU_URL = "https://api.eu.lever.co/v0/postings/{}?mode=json"


def _html(job: dict[str, Any]) -> str:
    parts = [job.get("description") or job.get("opening") or ""]
    if job.get("descriptionBody") and not job.get("description"):
        parts.append(job["descriptionBody"])
    for block in job.get("lists") or []:
        if isinstance(block, dict):
            parts.append(f"<h3>{block.get('text', '')}</h3><ul>{block.get('content', '')}</ul>")
    parts.append(job.get("additional") or "")
    return "\n".join(p for p in parts if p)


def _salary(job: dict[str, Any]) -> Any:
    pay = job.get("salaryRange")
    if not isinstance(pay, dict):
        return None
    interval = str(pay.get("interval") or "").replace("per-", "").replace("-salary", "")
    return from_fields(pay.get("min"), pay.get("max"), pay.get("currency"), interval or None)


def _posting(job: dict[str, Any], origin: str | None) -> Posting | None:
    categories = job.get("categories") or {}
    workplace = job.get("workplaceType")
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=job.get("hostedUrl"),
            apply_url=job.get("applyUrl"),
            title=job.get("text"),
            company=company_from_slug(origin),
            location=categories.get("location"),
            country=job.get("country"),
            workplace=None if workplace == "unspecified" else workplace,
            html=_html(job),
            salary=_salary(job),
            employment=categories.get("commitment"),
            posted=job.get("createdAt"),
            tags=[t for t in (categories.get("team"), categories.get("department")) if t],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A site's postings array (or one posting object) -> Postings."""
    data = load_json(payload, NAME)
    jobs = data if isinstance(data, list) else [data]
    if isinstance(data, dict) and not data.get("hostedUrl"):
        raise PayloadError(NAME, "expected a list of postings")
    return postings_from(jobs, lambda job: _posting(job, origin))


_fetch_us = fetch_boards(US_URL, parse)
_fetch_eu = fetch_boards(EU_URL, parse, key="eu_companies")


async def fetch(ctx: FetchContext) -> list[Posting]:
    return await _fetch_us(ctx) + await _fetch_eu(ctx)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=1.0,
    terms="Public postings API; link back to hostedUrl.",
)
