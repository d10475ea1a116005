"""Career pages with schema.org ``JobPosting`` JSON-LD; pages that only embed a known ATS
board are detected and read through that ATS's API instead.

HTML pages are fetched only where the site's robots.txt allows our User-Agent.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, as_text, make_posting, postings_from
from scrapers.errors import FetchError
from scrapers.normalize.salary import from_fields
from scrapers.sources import ashby, greenhouse, lever, recruitee, workable
from scrapers.sources.boards import display_names

NAME = "jsonld"
# (source name, pattern capturing the board's slug) for boards embedded in a page
EMBEDS = (
    (
        "greenhouse",
        re.compile(
            r"boards\.greenhouse\.io/(?:embed/job_board(?:/js)?\?for=)?"
            r"([\w-]+)"
        ),
    ),
    ("greenhouse", re.compile(r"job-boards\.greenhouse\.io/(?:embed/job_board\?for=)?([\w-]+)")),
    ("lever", re.compile(r"jobs\.lever\.co/([\w-]+)")),
    ("ashby", re.compile(r"jobs\.ashbyhq\.com/([\w.-]+)")),
    ("workable", re.compile(r"apply\.workable\.com/([\w-]+)")),
    ("recruitee", re.compile(r"([\w-]+)\.recruitee\.com")),
)
# The boards of EMBEDS by name; imported directly, not from the registry, which imports us.
BOARDS: dict[str, Source] = {
    module.SOURCE.name: module.SOURCE for module in (greenhouse, lever, ashby, workable, recruitee)
}
IGNORED_SLUGS = {"embed", "api", "j", "static", "assets", "cdn", "www"}


def _objects(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [o for item in node for o in _objects(item)]
    if not isinstance(node, dict):
        return []
    return [node, *_objects(node.get("@graph", []))]


def _is_job(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def _place(job: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    places = job.get("jobLocation") or []
    place = places[0] if isinstance(places, list) and places else places
    address = place.get("address", {}) if isinstance(place, dict) else {}
    if not isinstance(address, dict):
        return (str(address) or None), None, None
    country = address.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    parts = [address.get("addressLocality"), address.get("addressRegion"), country]
    text = ", ".join(str(p) for p in parts if p)
    city = address.get("addressLocality")
    return text or None, country if isinstance(country, str) else None, city


def _salary(job: dict[str, Any]) -> Any:
    pay = job.get("baseSalary") or job.get("estimatedSalary")
    if isinstance(pay, list):
        pay = pay[0] if pay else None
    if not isinstance(pay, dict):
        return None
    raw = pay.get("value")
    value: dict[str, Any] = raw if isinstance(raw, dict) else {"value": raw}
    low = value.get("minValue", value.get("value"))
    return from_fields(low, value.get("maxValue", low), pay.get("currency"), value.get("unitText"))


def job_postings(html: str) -> list[dict[str, Any]]:
    """Every JobPosting object in the page's JSON-LD blocks (bad blocks are skipped)."""
    tree = LexborHTMLParser(html)
    jobs: list[dict[str, Any]] = []
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null", strict=False)
        except json.JSONDecodeError:
            continue
        jobs += [o for o in _objects(data) if _is_job(o)]
    return jobs


def detect_ats(html: str) -> list[tuple[str, str]]:
    """(source, slug) of ATS boards the page embeds, e.g. ``("greenhouse", "airbnb")``."""
    found: list[tuple[str, str]] = []
    for source, pattern in EMBEDS:
        for slug in pattern.findall(html):
            if slug.lower() not in IGNORED_SLUGS and (source, slug) not in found:
                found.append((source, slug))
    return found


def _posting(job: dict[str, Any], origin: str | None) -> Posting | None:
    location, country, city = _place(job)
    org = job.get("hiringOrganization")
    org = org.get("name") if isinstance(org, dict) else org
    ident = job.get("identifier")
    ident = ident.get("value") if isinstance(ident, dict) else ident
    url = job.get("url") or origin
    key = ident or f"{job.get('title')}|{job.get('datePosted')}"
    return make_posting(
        RawJob(
            NAME,
            source_id=f"{urlsplit(url or '').netloc}:{key}",
            url=url,
            title=job.get("title"),
            company=org if isinstance(org, str) else None,
            location=location,
            country=country,
            city=city,
            remote=True if job.get("jobLocationType") == "TELECOMMUTE" else None,
            html=job.get("description"),
            salary=_salary(job),
            employment=job.get("employmentType"),
            posted=job.get("datePosted"),
            require_url=False,  # a saved page without its address still yields the job
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A career page's HTML -> one Posting per JobPosting; ``origin`` is the page URL."""
    return postings_from(job_postings(as_text(payload)), lambda job: _posting(job, origin))


async def _allowed(ctx: FetchContext, url: str, cache: dict[str, Protego | None]) -> bool:
    root = urljoin(url, "/robots.txt")
    if root not in cache:
        try:
            response = await ctx.get(root)
            cache[root] = Protego.parse(response.text()) if response else None
        except FetchError:
            cache[root] = None  # no readable robots.txt: nothing is disallowed
    robots = cache[root]
    return robots is None or bool(robots.can_fetch(url, ctx.settings.user_agent))


async def fetch(ctx: FetchContext) -> list[Posting]:
    robots: dict[str, Protego | None] = {}

    async def one(page: str) -> list[Posting]:
        if not await _allowed(ctx, page, robots):
            ctx.errors.append(f"{page}: disallowed by robots.txt; skipped")
            return []
        response = await ctx.get(page)
        if response is None:
            return []
        found = parse(response.body, page)
        if found:
            return found
        for source, slug in detect_ats(response.text()):
            # the board's display name, if any, comes from the ATS's own section
            config = {"companies": [slug], "names": display_names(ctx.companies, source)}
            board = ctx.child(source, {source: config}, BOARDS[source].min_gap_s)
            found += await BOARDS[source].fetch(board)
            ctx.adopt(board)
        return found

    return await ctx.each(ctx.targets("pages"), one)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=24 * 3600,
    min_gap_s=5.0,
    terms="HTML pages only where robots.txt allows; keep the page link.",
)
