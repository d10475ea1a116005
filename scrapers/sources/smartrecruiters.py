"""SmartRecruiters: ``api.smartrecruiters.com/v1/companies/{id}/postings``, then each
posting's detail, ``/v1/companies/{id}/postings/{posting}``: the list carries no description.

Details go through the same polite HTTP layer (one request at a time per host, the source's
gap, the run's budget). Their bodies are kept in memory and revalidated with ETag /
Last-Modified, so an unchanged detail costs a 304 and no budget. A detail that fails leaves
its posting with the list's fields and no description, and the failure is reported; a
challenge page stops the source, a spent budget stops the details.

Off by default: SmartRecruiters' terms forbid harvesting at scale. An admin enables it
with ``/source smartrecruiters on`` in the bot (:mod:`scrapers.switch`) or
``[smartrecruiters] enabled = true`` in the companies file.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, item_list, json_object, load_json, make_posting, postings_from
from scrapers.errors import Blocked, BudgetExhausted, PayloadError, ScrapeError
from scrapers.sources.boards import company_from_slug, display_names, named

NAME = "smartrecruiters"
URL = "https://api.smartrecruiters.com/v1/companies/{}/postings?limit=100"
DETAIL_URL = "https://api.smartrecruiters.com/v1/companies/{company}/postings/{id}"
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
        RawJob(
            NAME,
            source_id=job.get("id"),
            url=url,
            apply_url=job.get("applyUrl"),
            title=job.get("name"),
            company=company.get("name") or company_from_slug(ident),
            location=loc.get("fullLocation")
            or ", ".join(p for p in (loc.get("city"), loc.get("region"), loc.get("country")) if p),
            country=loc.get("country"),
            city=loc.get("city"),
            workplace=workplace,
            html=_html(job),
            employment=(job.get("typeOfEmployment") or {}).get("label"),
            level=(job.get("experienceLevel") or {}).get("id"),
            posted=job.get("releasedDate"),
            tags=[
                t
                for t in (
                    (job.get("department") or {}).get("label"),
                    (job.get("function") or {}).get("label"),
                )
                if t
            ],
        )
    )


def _jobs(data: object) -> list[Any]:
    if not isinstance(data, dict):
        raise PayloadError(NAME, "expected a JSON object or a list of postings")
    jobs = data.get("content") if "content" in data else [data] if "jobAd" in data else None
    if not isinstance(jobs, list):
        raise PayloadError(NAME, "expected a `content` list or a posting with `jobAd`")
    return jobs


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """A postings page (``content``), one posting detail (``jobAd``), or a bare list of
    postings or details -> Postings."""
    data = load_json(payload, NAME)
    jobs = item_list(data, NAME, "content") if isinstance(data, list) else _jobs(data)
    return postings_from(jobs, lambda job: _one(job, origin))


async def _detail(ctx: FetchContext, company: str, job: Any) -> dict[str, Any] | None:
    """The posting's detail, or ``None`` (reported) when it cannot be had."""
    ident = job.get("id") if isinstance(job, dict) else None
    if not ident:
        return None
    url = ctx.rebase(DETAIL_URL.format(company=quote(company), id=quote(str(ident))))
    try:
        response = await ctx.http.get(url, min_gap_s=ctx.min_gap_s, reuse=True)
        detail = json_object(response.body, NAME)
        if str(detail.get("id", ident)) != str(ident):
            raise PayloadError(NAME, f"the detail is for posting {detail['id']}")
    except (Blocked, BudgetExhausted):
        raise
    except ScrapeError as exc:
        ctx.errors.append(f"{company}: posting {ident} kept without a description: {exc}")
        return None
    if response.reused:
        ctx.not_modified += 1
    else:
        ctx.fetched += 1
    return detail


async def with_details(ctx: FetchContext, company: str, jobs: list[Any]) -> list[Any]:
    """Each listed job merged with its detail (the detail's fields win), one after another:
    the HTTP layer sends one request at a time per host, so asking for several at once
    would gain nothing. A challenge page raises :class:`Blocked`; a spent budget keeps the
    rest of the jobs as listed, reported once."""
    found: list[Any] = []
    for done, job in enumerate(jobs):
        try:
            detail = await _detail(ctx, company, job)
        except BudgetExhausted as exc:
            starved = len(jobs) - done
            ctx.errors.append(f"{company}: {exc}; {starved} postings kept without a description")
            return found + jobs[done:]
        found.append({**job, **detail} if detail else job)
    return found


async def fetch(ctx: FetchContext) -> list[Posting]:
    names = display_names(ctx.companies, ctx.source)

    async def board(company: str) -> list[Posting]:
        response = await ctx.get(URL.format(company))
        if response is None:
            return []
        jobs = await with_details(ctx, company, _jobs(json_object(response.body, NAME)))
        postings = postings_from(jobs, lambda job: _one(job, company))
        return named(postings, names.get(company))

    return await ctx.each(ctx.targets(), board)


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=24 * 3600,
    min_gap_s=2.0,
    enabled_by_default=False,
    terms="Terms forbid harvesting at scale: disabled unless an admin enables it.",
)
