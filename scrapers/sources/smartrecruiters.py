"""SmartRecruiters: ``api.smartrecruiters.com/v1/companies/{id}/postings``.

Off by default: SmartRecruiters' terms forbid harvesting at scale. An admin enables it
with ``/source smartrecruiters on`` in the bot (:mod:`scrapers.switch`) or
``[smartrecruiters] enabled = true`` in the companies file.
"""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source, fetch_each
from scrapers.build import json_object, make_posting, postings_from
from scrapers.errors import PayloadError

NAME = "smartrecruiters"
URL = "https://api.smartrecruiters.com/v1/companies/{}/postings?limit=100"
JOB_URL = "https://jobs.smartrecruiters.com/{company}/{id}"


def _html(job: dict[str, Any]) -> str | None:
    sections = ((job.get("jobAd") or {}).get("sections")) or {}
    parts = [s.get("text", "") for s in sections.values() if isinstance(s, dict)]
    return "\n".join(parts) or None


def _one(job: dict[str, Any], origin: str | None) -> Posting | None:
    company = job.get("company") or {}
    loc = job.get("location") or {}
    ident = company.get("identifier") or origin
    url = job.get("postingUrl")
    if not url and ident:
        url = JOB_URL.format(company=ident, id=job.get("id"))
    workplace = "hybrid" if loc.get("hybrid") else ("remote" if loc.get("remote") else None)
    return make_posting(
        NAME,
        source_id=job.get("id"),
        url=url,
        apply_url=job.get("applyUrl"),
        title=job.get("name"),
        company=company.get("name"),
        location=loc.get("fullLocation") or ", ".join(
            p for p in (loc.get("city"), loc.get("region"), loc.get("country")) if p),
        country=loc.get("country"),
        city=loc.get("city"),
        workplace=workplace,
        html=_html(job),
        employment=(job.get("typeOfEmployment") or {}).get("label"),
        level=(job.get("experienceLevel") or {}).get("id"),
        posted=job.get("releasedDate"),
        tags=[t for t in ((job.get("department") or {}).get("label"),
                          (job.get("function") or {}).get("label")) if t],
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A postings page (``content``) or one posting detail (``jobAd``) -> Postings."""
    data = json_object(payload, NAME)
    jobs = data.get("content") if "content" in data else [data] if "jobAd" in data else None
    if not isinstance(jobs, list):
        raise PayloadError(NAME, "expected a `content` list or a posting with `jobAd`")
    return postings_from(jobs, lambda job: _one(job, origin))


fetch = fetch_each(URL, parse)


SOURCE = Source(NAME, parse, fetch, interval_s=24 * 3600, min_gap_s=2.0,
                enabled_by_default=False,
                terms="Terms forbid harvesting at scale: disabled unless an admin enables it.")
