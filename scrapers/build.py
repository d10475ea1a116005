"""Turn one job's raw fields into a normalized :class:`Posting`; shared by every parser.

Parsers pass what their payload carries; this module applies the normalizers in one
place so every source gets the same rules (structured fields first, text when explicit).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import ValidationError

from core.experience import years_required
from core.models import Posting, Remote, posting_id
from scrapers.errors import PayloadError
from scrapers.gazetteer import country_by_code, country_by_name, country_currency
from scrapers.normalize_fields import canonical_url, employment_type, to_utc
from scrapers.normalize_level import seniority, visa_sponsorship
from scrapers.normalize_location import parse_location, remote_mode
from scrapers.normalize_pay import parse_salary_text
from scrapers.normalize_salary import Salary
from scrapers.normalize_text import fix_text, html_to_text, tidy


def load_json(payload: bytes | str, source: str) -> Any:
    """Decode a JSON payload or raise :class:`PayloadError` saying what arrived instead."""
    text = as_text(payload)
    head = text.lstrip()[:200].lower()
    if not head:
        raise PayloadError(source, "the response is empty")
    if head.startswith("<"):
        raise PayloadError(source, "got HTML/XML where JSON was expected (a login or error page?)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        detail = f"invalid or truncated JSON ({exc.msg} at char {exc.pos})"
        raise PayloadError(source, detail) from exc


def json_object(payload: bytes | str, source: str) -> dict[str, Any]:
    """A JSON object payload, or :class:`PayloadError` when it is anything else."""
    data = load_json(payload, source)
    if not isinstance(data, dict):
        raise PayloadError(source, "expected a JSON object")
    return data


def json_list(
    payload: bytes | str, source: str, key: str, *, missing_ok: bool = False
) -> list[Any]:
    """The job items of a payload: the list under ``key`` of the API's envelope, or a bare
    list of those items (a saved dump); else :class:`PayloadError` saying what was expected
    (``missing_ok``: an object without ``key`` has no jobs)."""
    return item_list(load_json(payload, source), source, key, missing_ok=missing_ok)


def item_list(data: Any, source: str, key: str, *, missing_ok: bool = False) -> list[Any]:
    """:func:`json_list` for a payload already decoded."""
    if isinstance(data, list):
        if data and not any(isinstance(item, dict) for item in data):
            raise PayloadError(source, "expected a list of job objects")
        return data
    found = data.get(key, [] if missing_ok else None) if isinstance(data, dict) else None
    if not isinstance(found, list):
        article = "an" if key[0] in "aeiou" else "a"
        raise PayloadError(
            source, f"expected an object with {article} `{key}` list, or a list of its items")
    return found


def postings_from(
    items: Iterable[object], build: Callable[[dict[str, Any]], Posting | None]
) -> list[Posting]:
    """What ``build`` makes of each object in ``items``; non-objects and ``None`` are skipped."""
    return [p for item in items if isinstance(item, dict) and (p := build(item)) is not None]


def as_text(payload: bytes | str) -> str:
    """The payload as text; bytes that are not UTF-8 become U+FFFD, never an error."""
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload


def _country(value: str | None) -> str | None:
    if not value:
        return None
    return country_by_code(value) if len(value.strip()) <= 3 else country_by_name(value)


def make_posting(
    source: str,
    *,
    source_id: object,
    url: str | None,
    title: str | None,
    company: str | None = None,
    location: str | None = None,
    html: str | None = None,
    text: str | None = None,
    apply_url: str | None = None,
    country: str | None = None,
    city: str | None = None,
    remote: bool | None = None,
    workplace: str | None = None,
    salary: Salary | None = None,
    salary_text: str | None = None,
    employment: object = None,
    level: str | None = None,
    posted: object = None,
    tags: list[str] | None = None,
    years: float | None = None,
    require_url: bool = True,
) -> Posting | None:
    """A normalized Posting, or ``None`` when the job lacks a title or an http(s) link
    (``require_url=False``: a job without a link gets ``url=""`` and an id from ``source_id``).

    Structured arguments (``country``, ``remote``, ``workplace``, ``salary``, ``level``)
    win over what the normalizers read from ``location``, ``title`` and the description.
    """
    link = canonical_url(url) or ("" if not require_url else None)
    clean_title = tidy(fix_text(html_to_text(title))) if title else ""
    if link is None or not clean_title:
        return None
    description = html_to_text(html) if html else tidy(fix_text(text or ""))
    place = parse_location(location)
    where = _country(country) or place.country
    money = country_currency(where)
    pay = salary or (parse_salary_text(salary_text, location, money) if salary_text else None)
    if pay is None and description:
        pay = parse_salary_text(description, location, money)
    mode: Remote = remote_mode(
        flag=remote, workplace=workplace, location=location, title=clean_title, text=description
    )
    sid = str(source_id) if source_id not in (None, "") else None
    try:
        return Posting(
            id=posting_id(source, sid, link),
            source=source,
            source_id=sid,
            url=link,
            apply_url=canonical_url(apply_url),
            title=clean_title[:300],
            company=tidy(company) if company else None,
            location=tidy(location) if location else None,
            country=where,
            city=city or place.city,
            remote=mode,
            salary_min=pay.min if pay else None,
            salary_max=pay.max if pay else None,
            salary_currency=pay.currency if pay else None,
            salary_period=pay.period if pay else None,
            employment_type=employment_type(employment),
            seniority=seniority(clean_title, description, level),
            years_min=years if years is not None else years_required(description),
            visa_sponsorship=visa_sponsorship(description),
            description=description,
            posted_at=to_utc(posted),
            tags=[t.strip() for t in tags or [] if isinstance(t, str) and t.strip()][:30],
        )
    except ValidationError as exc:
        detail = f"job {sid or link} does not fit the Posting contract: {exc}"
        raise PayloadError(source, detail) from exc
