"""What a source is, and the context its ``fetch`` runs in.

A source is a pure ``parse(payload, origin=None) -> list[Posting]`` plus a thin async
``fetch(ctx) -> list[Posting]`` that only asks the shared HTTP layer for pages and hands
them to ``parse``. Polling limits and terms live next to each source, in its module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from core.models import Posting
from core.settings import ScrapeSettings
from scrapers.errors import Blocked, BudgetExhausted, ScrapeError
from scrapers.http import HttpRun, Response


class Parse(Protocol):
    """``origin`` is the company slug for ATS boards, the page URL for page sources."""

    def __call__(self, payload: bytes | str, origin: str | None = None) -> list[Posting]: ...


@dataclass(frozen=True)
class Source:
    """A registry entry. ``interval_s`` respects the source's published polling limit."""

    name: str
    parse: Parse
    fetch: Fetch
    interval_s: float
    min_gap_s: float = 1.0
    enabled_by_default: bool = True
    terms: str = ""


@dataclass
class FetchContext:
    """What a fetch may use. ``http`` is this run's view of the shared HTTP layer (its own
    per-host budgets and challenges); ``base_url`` (tests, mirrors) replaces every URL's origin."""

    http: HttpRun
    settings: ScrapeSettings
    companies: Mapping[str, Any]
    source: str
    min_gap_s: float = 1.0
    base_url: str | None = None
    errors: list[str] = field(default_factory=list)
    fetched: int = 0
    not_modified: int = 0
    requested: set[str] = field(default_factory=set)

    def child(self, source: str, companies: Mapping[str, Any], min_gap_s: float) -> FetchContext:
        """A context for another source's fetch inside this one (a career page that embeds
        an ATS board): same HTTP run, so same budgets; ``adopt`` it afterwards so its
        requests count in this run."""
        return FetchContext(self.http, self.settings, companies, source, min_gap_s, self.base_url)

    def adopt(self, child: FetchContext) -> None:
        self.errors += child.errors
        self.fetched += child.fetched
        self.not_modified += child.not_modified
        # the runner keeps cache validators only for URLs a run requested
        self.requested |= child.requested

    def targets(self, key: str = "companies") -> list[str]:
        """The configured list for this source, e.g. its companies or pages."""
        section = self.companies.get(self.source, {})
        values = section.get(key, []) if isinstance(section, Mapping) else []
        return [str(v) for v in values]

    def option(self, key: str, default: Any = None) -> Any:
        section = self.companies.get(self.source, {})
        return section.get(key, default) if isinstance(section, Mapping) else default

    def rebase(self, url: str) -> str:
        if not self.base_url:
            return url
        base, parts = urlsplit(self.base_url), urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))

    async def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response | None:
        """The page, or ``None`` when it is unchanged since the last run (304)."""
        target = self.rebase(url)
        self.requested.add(target)
        response = await self.http.get(target, headers=headers, min_gap_s=self.min_gap_s)
        if response.not_modified:
            self.not_modified += 1
            return None
        self.fetched += 1
        return response

    async def each(
        self, items: Iterable[str], one: Callable[[str], Awaitable[list[Posting]]]
    ) -> list[Posting]:
        """Run ``one`` per company; a failing company is reported and the rest go on.

        A challenge page or a spent budget stops the whole source: the host said no.
        """
        postings: list[Posting] = []
        for item in items:
            try:
                postings += await one(item)
            except (Blocked, BudgetExhausted):
                raise
            except ScrapeError as exc:
                self.errors.append(f"{item}: {exc}")
        return postings


Fetch = Callable[[FetchContext], Awaitable[list[Posting]]]


def fetch_url(url: str, parse: Parse) -> Fetch:
    """A fetch for a source with one fixed URL: that page parsed, or nothing when unchanged."""

    async def fetch(ctx: FetchContext) -> list[Posting]:
        response = await ctx.get(url)
        return parse(response.body) if response else []

    return fetch


def fetch_each(template: str, parse: Parse, key: str = "companies") -> Fetch:
    """A fetch reading ``template.format(target)`` for every target configured under ``key``;
    each page is parsed with its target as ``origin``, failures are per target (``each``)."""

    async def fetch(ctx: FetchContext) -> list[Posting]:
        async def one(target: str) -> list[Posting]:
            response = await ctx.get(template.format(target))
            return parse(response.body, target) if response else []

        return await ctx.each(ctx.targets(key), one)

    return fetch
