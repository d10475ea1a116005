"""The one polite HTTP layer every source fetches through.

One :class:`PoliteHttp` is shared by every source run in a process; each run fetches
through its own view, :meth:`PoliteHttp.run`. Shared by all runs, per host: one request at a
time and a minimum gap between requests (whoever made them); the session, the validators and
the kept bodies. Owned by one run, per host: a request budget, and after a challenge page no
more requests (so a run starting never refills or unblocks another still going).
Per request: SSRF guard on every hop (names are resolved once, at connect time, and the
checked address is the one connected to: :mod:`scrapers.http_session`), http(s)-only
redirects, a timeout, a size cap, conditional requests from stored validators (a 304 costs
no budget), bounded retries on 429/5xx honouring ``Retry-After`` (seconds or HTTP-date) else
exponential backoff with jitter (durations from the ``scrape`` settings). Challenge pages are
never retried: they raise :class:`Blocked`.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import aiohttp

from core.settings import ScrapeSettings
from scrapers.errors import (
    Blocked,
    BudgetExhausted,
    FetchError,
    HTTPStatusError,
    RateLimited,
)
from scrapers.http_policy import (
    RETRYABLE,
    backoff_delay,
    check_url,
    is_challenge,
    parse_retry_after,
)
from scrapers.http_session import Response, make_session, request_once, require_guard

__all__ = ["HttpRun", "PoliteHttp", "Response", "make_session"]

Sleep = Callable[[float], Awaitable[None]]
# Bodies kept for ``reuse`` requests (per process, least recently used dropped first).
KEPT_BODIES = 2000


@dataclass
class _Host:
    """What every run shares about one host: its turn, and when its last request ended."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_at: float = float("-inf")


class HttpRun:
    """One run's view of a :class:`PoliteHttp`: the same ``get``, with this run's budgets.

    ``used`` counts this run's requests per host (a 304 is refunded); ``challenged`` holds
    the hosts that sent this run a challenge page. Both start empty and belong to this run
    alone; pacing, session, validators and kept bodies are the shared layer's.
    """

    def __init__(self, http: PoliteHttp) -> None:
        self.http = http
        self.used: dict[str, int] = {}
        self.challenged: set[str] = set()

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        min_gap_s: float | None = None,
        budget: int | None = None,
        conditional: bool = True,
        reuse: bool = False,
    ) -> Response:
        """GET ``url`` politely; return a 2xx or 304 response or raise a :class:`FetchError`
        (:class:`BudgetExhausted` once this run spent ``budget`` requests on the host,
        :class:`Blocked` after the host sent this run a challenge page).

        ``reuse``: the body is kept in memory and revalidated next time; a 304 then returns
        the kept body (``reused``), never an empty one. Such URLs stay out of ``validators``,
        which outlive the process while kept bodies do not.
        """
        return await self.http._get(
            self,
            url,
            headers=headers,
            min_gap_s=min_gap_s,
            budget=budget,
            conditional=conditional,
            reuse=reuse,
        )


class PoliteHttp:
    """Shared fetcher; requests go through a run's view (:meth:`run`). Constructing it does
    no I/O; ``close()`` closes a session it created. A session passed in must come from
    :func:`make_session` (:class:`ConfigError` if not).

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
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if session is not None:
            require_guard(session, settings)
        self.settings = settings
        self.validators = validators if validators is not None else {}
        self._session = session
        self._owns_session = session is None
        self._hosts: dict[str, _Host] = {}
        self._kept: OrderedDict[str, Response] = OrderedDict()
        self._max_attempts = max_attempts
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.requests_made = 0

    def run(self) -> HttpRun:
        """A new run's view: fresh budgets and no challenges, this layer's pacing."""
        return HttpRun(self)

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = make_session(self.settings)
            self._owns_session = True
        return self._session

    async def _get(
        self,
        run: HttpRun,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        min_gap_s: float | None,
        budget: int | None,
        conditional: bool,
        reuse: bool,
    ) -> Response:
        """:meth:`HttpRun.get` for ``run``: the host's lock and gap are shared, its budget
        and challenge flag are ``run``'s."""
        check_url(url, self.settings.allow_private_hosts)
        host_name = urlsplit(url).hostname or ""
        host = self._hosts.setdefault(host_name, _Host())
        gap = self.settings.min_gap_s if min_gap_s is None else min_gap_s
        limit = self.settings.requests_per_host if budget is None else budget
        request_headers = self._headers(url, headers, conditional, reuse)
        async with host.lock:
            if host_name in run.challenged:
                raise Blocked(url, f"{host_name} sent a challenge page earlier this run")
            for attempt in range(self._max_attempts):
                last = attempt == self._max_attempts - 1
                if run.used.get(host_name, 0) >= limit:
                    detail = f"the budget of {limit} requests to {host_name} is spent"
                    raise BudgetExhausted(url, detail)
                wait = host.last_at + gap - time.monotonic()
                if wait > 0:
                    await self._sleep(wait)
                run.used[host_name] = run.used.get(host_name, 0) + 1
                self.requests_made += 1
                try:
                    response = await request_once(
                        self._client(), url, request_headers, self.settings
                    )
                except (aiohttp.ClientError, TimeoutError) as exc:
                    if last:
                        raise FetchError(url, _describe(exc)) from exc
                    await self._sleep(self._delay(attempt, None))
                    continue
                finally:
                    host.last_at = time.monotonic()
                if response.status == 304:
                    run.used[host_name] -= 1
                    return self._reused(url) if reuse and url in self._kept else response
                if is_challenge(response.status, response.headers, response.body):
                    run.challenged.add(host_name)
                    raise Blocked(url, f"HTTP {response.status} challenge page; not retried")
                if 200 <= response.status < 300:
                    self._store(url, response, reuse)
                    return response
                if response.status not in RETRYABLE or last:
                    break
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if retry_after is not None and retry_after > self.settings.max_retry_after_s:
                    raise RateLimited(url, f"Retry-After {retry_after:.0f}s is longer than we wait")
                await self._sleep(self._delay(attempt, retry_after))
        if response.status == 429:
            raise RateLimited(url, f"still HTTP 429 after {self._max_attempts} attempts")
        raise HTTPStatusError(url, response.status)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        return backoff_delay(
            attempt, self.settings.backoff_base_s, self.settings.backoff_cap_s, self._rng
        )

    def _headers(
        self, url: str, extra: Mapping[str, str] | None, conditional: bool, reuse: bool
    ) -> dict[str, str]:
        headers = {"User-Agent": self.settings.user_agent, "Accept": "*/*"}
        stored = self._stored(url, reuse) if conditional else {}
        if stored.get("etag"):
            headers["If-None-Match"] = stored["etag"]
        if stored.get("last_modified"):
            headers["If-Modified-Since"] = stored["last_modified"]
        headers.update(extra or {})
        return headers

    def _stored(self, url: str, reuse: bool) -> Mapping[str, str]:
        """The validators to send: the kept body's for ``reuse``, else the persisted ones."""
        if not reuse:
            return self.validators.get(url, {})
        kept = self._kept.get(url)
        return _validators(kept.headers) if kept else {}

    def _store(self, url: str, response: Response, reuse: bool) -> None:
        """Remember a 200's validators (persisted by the runner) or, for ``reuse``, the
        whole response (in memory only; without validators there is nothing to keep)."""
        found = _validators(response.headers)
        if not reuse:
            if found:
                self.validators[url] = found
            return
        self._kept.pop(url, None)
        if found:
            self._kept[url] = response
            while len(self._kept) > KEPT_BODIES:
                self._kept.popitem(last=False)

    def _reused(self, url: str) -> Response:
        self._kept.move_to_end(url)
        return replace(self._kept[url], reused=True)


def _validators(headers: Mapping[str, str]) -> dict[str, str]:
    found = {"etag": headers.get("ETag", ""), "last_modified": headers.get("Last-Modified", "")}
    return {k: v for k, v in found.items() if v}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
