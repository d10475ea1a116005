"""hh.ru public vacancy search: ``api.hh.ru/vacancies``.

hh.ru requires an ``HH-User-Agent`` naming the application and a contact address;
requests without it are refused. Salaries are monthly; ``RUR`` is mapped to ``RUB``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, json_list, make_posting, postings_from
from scrapers.normalize.salary import from_fields

NAME = "hh"
URL = "https://api.hh.ru/vacancies?"
EXPERIENCE_YEARS = {"noExperience": 0.0, "between1And3": 1.0, "between3And6": 3.0, "moreThan6": 6.0}
SCHEDULE = {"remote": "remote", "fullDay": "onsite", "shift": "onsite", "flyInFlyOut": "onsite"}


def _mode(item: dict[str, Any]) -> str | None:
    formats = {
        str(f.get("id", "")).upper() for f in item.get("work_format") or [] if isinstance(f, dict)
    }
    if "HYBRID" in formats:
        return "hybrid"
    if "REMOTE" in formats:
        return "remote"
    if "ON_SITE" in formats:
        return "onsite"
    return SCHEDULE.get(str((item.get("schedule") or {}).get("id")))


def _posting(item: dict[str, Any]) -> Posting | None:
    pay = item.get("salary_range") or item.get("salary") or {}
    snippet = item.get("snippet") or {}
    parts = (snippet.get("responsibility"), snippet.get("requirement"))
    text = "\n".join(s for s in parts if s)
    experience = str((item.get("experience") or {}).get("id"))
    mode = pay.get("mode")
    period = mode.get("id", "month").lower() if isinstance(mode, dict) else "month"
    return make_posting(
        RawJob(
            NAME,
            source_id=item.get("id"),
            url=item.get("alternate_url"),
            apply_url=item.get("apply_alternate_url"),
            title=item.get("name"),
            company=(item.get("employer") or {}).get("name"),
            location=(item.get("area") or {}).get("name"),
            workplace=_mode(item),
            html=text,
            salary=from_fields(pay.get("from"), pay.get("to"), pay.get("currency"), period),
            employment=(item.get("employment") or {}).get("id"),
            level=experience,
            years=EXPERIENCE_YEARS.get(experience),
            posted=item.get("published_at"),
            tags=[
                r.get("name", "")
                for r in item.get("professional_roles") or []
                if isinstance(r, dict)
            ],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A vacancies search response (``items``) or a bare list of its vacancies -> Postings."""
    return postings_from(json_list(payload, NAME, "items"), _posting)


async def fetch(ctx: FetchContext) -> list[Posting]:
    agent = f"{ctx.settings.user_agent} ({ctx.settings.contact_email})"
    headers = {"HH-User-Agent": agent, "User-Agent": agent}

    async def one(query: str) -> list[Posting]:
        params = {"text": query, "per_page": 100, "page": 0, "order_by": "publication_time"}
        response = await ctx.get(URL + urlencode(params), headers=headers)
        return parse(response.body) if response else []

    return await ctx.each(ctx.targets("queries"), one)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=6 * 3600,
    min_gap_s=1.0,
    terms="Send HH-User-Agent with an app name and contact email; keep the link.",
)
