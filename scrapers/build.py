"""Turn one job's raw fields into a normalized :class:`Posting`; shared by every parser.

Parsers pass what their payload carries; this module applies the normalizers in one
place so every source gets the same rules (structured fields first, text when explicit).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass
from typing import Any

from pydantic import ValidationError

from core.experience import years_required
from core.models import Posting, Remote, posting_id
from core.urls import canonical_url
from scrapers.errors import PayloadError
from scrapers.normalize.fields import employment_type, to_utc
from scrapers.normalize.gazetteer import country_by_code, country_by_name, country_currency
from scrapers.normalize.level import seniority, visa_sponsorship
from scrapers.normalize.location import parse_location, remote_mode
from scrapers.normalize.pay import parse_salary_text
from scrapers.normalize.salary import Salary
from scrapers.normalize.text import fix_text, html_to_text, tidy


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
            source, f"expected an object with {article} `{key}` list, or a list of its items"
        )
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


@dataclass(frozen=True)
class RawJob:
    """One job's fields as a source's payload carries them, before normalization.

    Structured fields (``country``, ``remote``, ``workplace``, ``salary``, ``level``,
    ``years``) win over what the normalizers read from ``location``, ``title`` and the
    description. ``require_url=False``: a job without a link gets ``url=""`` and an id from
    ``source_id``.
    """

    source: str
    _: KW_ONLY
    source_id: object
    url: str | None
    title: str | None
    company: str | None = None
    location: str | None = None
    html: str | None = None
    text: str | None = None
    apply_url: str | None = None
    country: str | None = None
    city: str | None = None
    remote: bool | None = None
    workplace: str | None = None
    salary: Salary | None = None
    salary_text: str | None = None
    employment: object = None
    level: str | None = None
    posted: object = None
    tags: list[str] | None = None
    years: float | None = None
    require_url: bool = True


def _pay(job: RawJob, description: str, country: str | None) -> Salary | None:
    """The job's pay: its structured salary, else the salary text, else the description."""
    money = country_currency(country)
    if job.salary:
        return job.salary
    pay = parse_salary_text(job.salary_text, job.location, money) if job.salary_text else None
    if pay is None and description:
        pay = parse_salary_text(description, job.location, money)
    return pay


def make_posting(job: RawJob) -> Posting | None:
    """A normalized Posting, or ``None`` when the job lacks a title or an http(s) link."""
    link = canonical_url(job.url) or ("" if not job.require_url else None)
    title = tidy(fix_text(html_to_text(job.title))) if job.title else ""
    if link is None or not title:
        return None
    description = html_to_text(job.html) if job.html else tidy(fix_text(job.text or ""))
    place = parse_location(job.location)
    where = _country(job.country) or place.country
    pay = _pay(job, description, where)
    mode: Remote = remote_mode(
        flag=job.remote,
        workplace=job.workplace,
        location=job.location,
        title=title,
        text=description,
    )
    sid = str(job.source_id) if job.source_id not in (None, "") else None
    try:
        return Posting(
            id=posting_id(job.source, sid, link),
            source=job.source,
            source_id=sid,
            url=link,
            apply_url=canonical_url(job.apply_url),
            title=title[:300],
            company=tidy(job.company) if job.company else None,
            location=tidy(job.location) if job.location else None,
            country=where,
            city=job.city or place.city,
            remote=mode,
            salary_min=pay.min if pay else None,
            salary_max=pay.max if pay else None,
            salary_currency=pay.currency if pay else None,
            salary_period=pay.period if pay else None,
            employment_type=employment_type(job.employment),
            seniority=seniority(title, description, job.level),
            years_min=job.years if job.years is not None else years_required(description),
            visa_sponsorship=visa_sponsorship(description),
            description=description,
            posted_at=to_utc(job.posted),
            tags=[t.strip() for t in job.tags or [] if isinstance(t, str) and t.strip()][:30],
        )
    except ValidationError as exc:
        detail = f"job {sid or link} does not fit the Posting contract: {exc}"
        raise PayloadError(job.source, detail) from exc
