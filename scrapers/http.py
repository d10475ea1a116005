"""The one polite HTTP layer every source fetches through.

Per host: one request at a time, a minimum gap between requests, a request budget per run.
Per request: SSRF guard on every hop, http(s)-only redirects, a timeout, a size cap,
conditional requests from stored validators (a 304 costs no budget), bounded retries on
429/5xx honouring ``Retry-After`` (seconds or HTTP-date) else exponential backoff with
jitter. Challenge pages are never retried: they raise :class:`Blocked`.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp
from multidict import CIMultiDict

from core.settings import ScrapeSettings
from scrapers.errors import (
    Blocked,
    BudgetExhausted,
    FetchError,
    HTTPStatusError,
    RateLimited,
    ResponseTooLarge,
    UnsafeURL,
)
from scrapers.http_policy import (
    RETRYABLE,
    GuardedResolver,
    backoff_delay,
    check_url,
    is_challenge,
    parse_retry_after,
)

Sleep = Callable[[float], Awaitable[None]]
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


def make_session(settings: ScrapeSettings) -> aiohttp.ClientSession:
    """The session scrapers should share: its resolver refuses private addresses unless
    ``allow_private_hosts`` (tests) is set. Call inside a running event loop."""
    if settings.allow_private_hosts:
        return aiohttp.ClientSession()
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(resolver=GuardedResolver()))


@dataclass(frozen=True)
class Response:
    """A finished response; ``body`` is empty for a 304; ``headers`` are case-insensitive."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class _Host:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_at: float = float("-inf")
    used: int = 0


class PoliteHttp:
    """Shared fetcher. Constructing it does no I/O; ``close()`` closes a session it created.

    ``validators`` maps URL -> ``{"etag": ..., "last_modified": ...}`` and is updated in
    place, so the caller can persist it between runs.
    """

    def __init__(
        self,
        settings: ScrapeSettings,
        session: aiohttp.ClientSession | None = None,
        *,
        validators: dict[str, dict[str, str]] | None = None,
        max_attempts: int = 4,
        backoff_base_s: float = 1.0,
        backoff_cap_s: float = 60.0,
        max_retry_after_s: float = 300.0,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.validators = validators if validators is not None else {}
        self._session = session
        self._owns_session = session is None
        self._hosts: dict[str, _Host] = {}
        self._max_attempts = max_attempts
        self._backoff = (backoff_base_s, backoff_cap_s)
        self._max_retry_after_s = max_retry_after_s
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.requests_made = 0

    def begin_run(self) -> None:
        """Start a new run: per-host budgets are counted afresh."""
        for host in self._hosts.values():
            host.used = 0

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = make_session(self.settings)
            self._owns_session = True
        return self._session

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        min_gap_s: float | None = None,
        budget: int | None = None,
        conditional: bool = True,
    ) -> Response:
        """GET ``url`` politely; return a 2xx or 304 response or raise a :class:`FetchError`."""
        await check_url(url, self.settings.allow_private_hosts)
        host_name = urlsplit(url).hostname or ""
        host = self._hosts.setdefault(host_name, _Host())
        gap = self.settings.min_gap_s if min_gap_s is None else min_gap_s
        limit = self.settings.requests_per_host if budget is None else budget
        request_headers = self._headers(url, headers, conditional)
        async with host.lock:
            for attempt in range(self._max_attempts):
                last = attempt == self._max_attempts - 1
                if host.used >= limit:
                    detail = f"the budget of {limit} requests to {host_name} is spent"
                    raise BudgetExhausted(url, detail)
                wait = host.last_at + gap - time.monotonic()
                if wait > 0:
                    await self._sleep(wait)
                host.used += 1
                self.requests_made += 1
                try:
                    response = await self._request(url, request_headers)
                except (aiohttp.ClientError, TimeoutError) as exc:
                    if last:
                        raise FetchError(url, _describe(exc)) from exc
                    await self._sleep(self._delay(attempt, None))
                    continue
                finally:
                    host.last_at = time.monotonic()
                if response.status == 304:
                    host.used -= 1
                    return response
                if is_challenge(response.status, response.headers, response.body):
                    raise Blocked(url, f"HTTP {response.status} challenge page; not retried")
                if 200 <= response.status < 300:
                    self._remember(url, response.headers)
                    return response
                if response.status not in RETRYABLE or last:
                    break
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if retry_after is not None and retry_after > self._max_retry_after_s:
                    raise RateLimited(url, f"Retry-After {retry_after:.0f}s is longer than we wait")
                await self._sleep(self._delay(attempt, retry_after))
        if response.status == 429:
            raise RateLimited(url, f"still HTTP 429 after {self._max_attempts} attempts")
        raise HTTPStatusError(url, response.status)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        return backoff_delay(attempt, *self._backoff, self._rng)

    def _headers(
        self, url: str, extra: Mapping[str, str] | None, conditional: bool
    ) -> dict[str, str]:
        headers = {"User-Agent": self.settings.user_agent, "Accept": "*/*"}
        stored = self.validators.get(url, {}) if conditional else {}
        if stored.get("etag"):
            headers["If-None-Match"] = stored["etag"]
        if stored.get("last_modified"):
            headers["If-Modified-Since"] = stored["last_modified"]
        headers.update(extra or {})
        return headers

    def _remember(self, url: str, headers: Mapping[str, str]) -> None:
        kept = {"etag": headers.get("ETag", ""), "last_modified": headers.get("Last-Modified", "")}
        if any(kept.values()):
            self.validators[url] = {k: v for k, v in kept.items() if v}

    async def _request(self, url: str, headers: dict[str, str]) -> Response:
        """One request, following redirects by hand so every hop passes the guard."""
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout_s)
        for _ in range(MAX_REDIRECTS + 1):
            async with self._client().get(
                url, headers=headers, timeout=timeout, allow_redirects=False
            ) as resp:
                location = resp.headers.get("Location")
                if resp.status in REDIRECTS and location:
                    url = urljoin(url, location)
                    await check_url(url, self.settings.allow_private_hosts)
                    continue
                body = await self._read_capped(url, resp)
                return Response(str(resp.url), resp.status, CIMultiDict(resp.headers), body)
        raise UnsafeURL(url, f"more than {MAX_REDIRECTS} redirects")

    async def _read_capped(self, url: str, resp: aiohttp.ClientResponse) -> bytes:
        cap = self.settings.max_response_bytes
        if resp.content_length is not None and resp.content_length > cap:
            raise ResponseTooLarge(url, f"{resp.content_length} bytes announced, cap is {cap}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65_536):
            size += len(chunk)
            if size > cap:
                raise ResponseTooLarge(url, f"body passed the cap of {cap} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
