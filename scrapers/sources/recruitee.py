"""Recruitee career sites: ``{company}.recruitee.com/api/offers/``."""

from __future__ import annotations

from typing import Any

from core.models import Posting
from scrapers.base import Source
from scrapers.build import RawJob, json_list, make_posting, postings_from
from scrapers.normalize.salary import Salary, from_fields
from scrapers.sources.boards import company_from_slug, fetch_boards

NAME = "recruitee"
URL = "https://{}.recruitee.com/api/offers/"


def _salary(offer: dict[str, Any]) -> Salary | None:
    pay = offer.get("salary")
    if not isinstance(pay, dict):
        return None
    return from_fields(pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("period"))


def _workplace(offer: dict[str, Any]) -> str | None:
    if offer.get("hybrid"):
        return "hybrid"
    if offer.get("remote"):
        return "remote"
    return "onsite" if offer.get("on_site") else None


def _posting(offer: dict[str, Any], origin: str | None) -> Posting | None:
    html = "\n".join(offer.get(k) or "" for k in ("description", "requirements"))
    return make_posting(
        RawJob(
            NAME,
            source_id=offer.get("id"),
            url=offer.get("careers_url"),
            apply_url=offer.get("careers_apply_url"),
            title=offer.get("title"),
            company=offer.get("company_name") or company_from_slug(origin),
            location=offer.get("location"),
            country=offer.get("country_code"),
            city=offer.get("city"),
            workplace=_workplace(offer),
            html=html,
            salary=_salary(offer),
            employment=offer.get("employment_type_code"),
            level=offer.get("experience_code"),
            posted=offer.get("published_at") or offer.get("created_at"),
            tags=[t for t in (offer.get("department"),) if isinstance(t, str)],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A site's ``offers`` response -> Postings."""
    return postings_from(json_list(payload, NAME, "offers"), lambda offer: _posting(offer, origin))


fetch = fetch_boards(URL, parse)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=1.0,
    terms="Public careers-site API; link back to careers_url.",
)
