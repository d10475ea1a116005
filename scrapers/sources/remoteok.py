"""RemoteOK: ``remoteok.com/api``. Its terms ask for a link back to the job on RemoteOK,
so ``url`` is always RemoteOK's page. The first array element is the legal notice."""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source, fetch_url
from scrapers.build import RawJob, load_json, make_posting, postings_from
from scrapers.errors import PayloadError
from scrapers.normalize.salary import from_fields

NAME = "remoteok"
URL = "https://remoteok.com/api"


def _posting(job: dict[str, Any]) -> Posting | None:
    if "legal" in job or not job.get("id"):  # the legal notice, not a job
        return None
    return make_posting(
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=job.get("url"),
            apply_url=job.get("apply_url"),
            title=job.get("position"),
            company=job.get("company"),
            location=job.get("location") or None,
            remote=True,
            html=job.get("description"),
            salary=from_fields(job.get("salary_min"), job.get("salary_max"), "USD", "year"),
            posted=job.get("epoch") or job.get("date"),
            tags=job.get("tags") or [],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """The API's array -> Postings (the legal-notice element is skipped)."""
    data = load_json(payload, NAME)
    if not isinstance(data, list):
        raise PayloadError(NAME, "expected a JSON array")
    return postings_from(data, _posting)


fetch = fetch_url(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=5.0,
    terms="Link back to the RemoteOK job page and mention RemoteOK as the source.",
)
