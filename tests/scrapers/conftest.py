"""Scraper fixtures: a local aiohttp server that speaks HTTP like the real sources, and a
polite HTTP layer pointed at it. Nothing is mocked: requests cross a real socket."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from core.settings import ScrapeSettings
from scrapers.base import FetchContext
from scrapers.http import PoliteHttp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class FakeSite:
    """Replies per path, in order (the last one repeats); records every request and, in
    ``arrivals``, when it arrived (``time.monotonic()``, the clock the HTTP layer paces by)."""

    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.requests: list[web.Request] = []
        self.arrivals: list[float] = []
        self.url = ""  # set by the fixture once the server listens
        self.in_flight = 0
        self.max_in_flight = 0

    def add(self, path: str, *replies: Reply) -> None:
        self.replies[path] = list(replies)

    @staticmethod
    def reply(
        status: int = 200,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        delay_s: float = 0.0,
    ) -> Reply:
        data = body.encode() if isinstance(body, str) else body
        return Reply(status, data, dict(headers or {}), delay_s)

    def serve_file(self, path: str, name: str, content_type: str = "application/json") -> None:
        self.add(
            path, Reply(body=(FIXTURES / name).read_bytes(), headers={"Content-Type": content_type})
        )

    def hits(self, path: str) -> list[web.Request]:
        return [r for r in self.requests if r.path == path]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        self.arrivals.append(time.monotonic())
        queue = self.replies.get(request.path)
        if not queue:
            return web.Response(status=404, text="not found")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if reply.delay_s:
                await asyncio.sleep(reply.delay_s)
            return web.Response(status=reply.status, body=reply.body, headers=reply.headers)
        finally:
            self.in_flight -= 1


@pytest.fixture
async def site(serve: Callable[[web.Application], Awaitable[str]]) -> FakeSite:
    fake = FakeSite()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", fake.handle)
    fake.url = await serve(app)
    return fake


@pytest.fixture
def scrape_settings() -> ScrapeSettings:
    # Loopback is private: the test server is reachable only with the test-only override.
    return ScrapeSettings(
        allow_private_hosts=True, min_gap_s=0.0, timeout_s=5.0, backoff_base_s=0.5
    )


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
async def make_http(
    scrape_settings: ScrapeSettings, sleeps: list[float]
) -> AsyncIterator[Callable[..., PoliteHttp]]:
    """Build PoliteHttp instances whose waits are recorded instead of slept."""
    made: list[PoliteHttp] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    def build(settings: ScrapeSettings | None = None, **kwargs: object) -> PoliteHttp:
        options: dict[str, object] = {"sleep": record}
        options.update(kwargs)
        http = PoliteHttp(settings or scrape_settings, **options)  # type: ignore[arg-type]
        made.append(http)
        return http

    yield build
    for http in made:
        await http.close()


@pytest.fixture
def fixtures_dir() -> Path:
    """The recorded source payloads (tests/fixtures/sources)."""
    return FIXTURES


@pytest.fixture
def payload() -> Callable[[str], bytes]:
    """The bytes of a recorded source payload, by file name."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def smartrecruiters_board(
    site: FakeSite, payload: Callable[[str], bytes]
) -> Callable[..., list[str]]:
    """Serve a SmartRecruiters company's postings list and each posting's detail at their real
    paths: ``serve(company, list_fixture, {posting id: detail fixture})``; ids without a detail
    answer 404. Returns the listed ids."""

    def serve(company: str, listing: str, details: Mapping[str, str]) -> list[str]:
        body = payload(listing)
        site.add(f"/v1/companies/{company}/postings", site.reply(200, body))
        for ident, fixture in details.items():
            site.add(f"/v1/companies/{company}/postings/{ident}", site.reply(200, payload(fixture)))
        return [str(job["id"]) for job in json.loads(body)["content"]]

    return serve


@pytest.fixture
def visa_board(smartrecruiters_board: Callable[..., list[str]]) -> list[str]:
    """Visa's two postings and both details (the details written by the project)."""
    details = {
        ident: f"smartrecruiters_visa_{ident}.json"
        for ident in ("744000129971988", "744000122509268")
    }
    return smartrecruiters_board("Visa", "smartrecruiters_visa.json", details)


@pytest.fixture
def fetch_ctx(
    site: FakeSite, make_http: Callable[..., PoliteHttp], scrape_settings: ScrapeSettings
) -> Callable[..., FetchContext]:
    """A FetchContext for a source whose URLs all go to ``site``, with no gap between requests;
    each context is a run of its own. Pass ``http`` to share one HTTP layer (validators,
    kept bodies, pacing) between contexts."""

    def build(
        source: str, config: Mapping[str, Any] | None = None, http: PoliteHttp | None = None
    ) -> FetchContext:
        return FetchContext(
            (http or make_http()).run(), scrape_settings, config or {}, source, 0.0, site.url
        )

    return build
