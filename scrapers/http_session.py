"""The aiohttp session scrapers share, one request over it, and what its connection errors
mean to a scraper.

Names are resolved once, by :class:`~scrapers.http_policy.GuardedResolver`, when aiohttp
opens a connection: the answer it checks is the answer aiohttp connects to. A refusal or
a failed lookup arrives wrapped in aiohttp's connector errors; :func:`connect_failure`
turns them back into this package's errors so they are reported, not retried.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import aiohttp
from aiohttp.abc import AbstractResolver
from multidict import CIMultiDict

from core.errors import ConfigError
from core.settings import ScrapeSettings
from scrapers.errors import FetchError, ResponseTooLarge, UnsafeURL
from scrapers.http_policy import GuardedResolver, PrivateAddress, check_url

REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
# Sessions built by make_session with the guard on; any other session skips the guard.
_GUARDED: weakref.WeakSet[aiohttp.ClientSession] = weakref.WeakSet()


@dataclass(frozen=True)
class Response:
    """A finished response; ``body`` is empty for a 304; ``headers`` are case-insensitive.
    ``reused``: the server answered 304 and this is the body kept from its last 200."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    reused: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def make_session(
    settings: ScrapeSettings, resolver: AbstractResolver | None = None
) -> aiohttp.ClientSession:
    """The session scrapers should share. Unless ``allow_private_hosts`` (tests) is set,
    every name it connects to is resolved through the guard, by ``resolver`` (aiohttp's
    default when ``None``). Call inside a running event loop."""
    if settings.allow_private_hosts:
        return aiohttp.ClientSession()
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(resolver))
    session = aiohttp.ClientSession(connector=connector)
    _GUARDED.add(session)
    return session


def require_guard(session: aiohttp.ClientSession, settings: ScrapeSettings) -> None:
    """Refuse a session that would let names reach private addresses when they must not."""
    if not settings.allow_private_hosts and session not in _GUARDED:
        raise ConfigError(
            "the scrapers' HTTP session must come from scrapers.http.make_session: "
            "a plain aiohttp session does not check which addresses a name resolves to"
        )


async def request_once(
    session: aiohttp.ClientSession,
    url: str,
    headers: Mapping[str, str],
    settings: ScrapeSettings,
) -> Response:
    """One GET with no retries, following redirects by hand so every hop passes the URL
    check; the body is capped at ``max_response_bytes`` (:class:`ResponseTooLarge`)."""
    timeout = aiohttp.ClientTimeout(total=settings.timeout_s)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            async with session.get(
                url, headers=headers, timeout=timeout, allow_redirects=False
            ) as resp:
                location = resp.headers.get("Location")
                if resp.status in REDIRECTS and location:
                    url = urljoin(url, location)
                    check_url(url, settings.allow_private_hosts)
                    continue
                body = await _read_capped(url, resp, settings.max_response_bytes)
                return Response(str(resp.url), resp.status, CIMultiDict(resp.headers), body)
        except aiohttp.ClientError as exc:
            refused = connect_failure(url, exc)
            if refused is None:
                raise
            raise refused from exc
    raise UnsafeURL(url, f"more than {MAX_REDIRECTS} redirects")


async def _read_capped(url: str, resp: aiohttp.ClientResponse, cap: int) -> bytes:
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


def connect_failure(url: str, exc: aiohttp.ClientError) -> FetchError | None:
    """The scraper error for a connection the guard refused or a name that did not resolve
    (neither is worth a retry); ``None`` for any other failure."""
    if not isinstance(exc, aiohttp.ClientConnectorError):
        return None
    if isinstance(exc.os_error, PrivateAddress):
        return UnsafeURL(url, exc.os_error.strerror or "private address")
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return FetchError(url, f"cannot resolve {exc.host}: {exc.os_error}")
    return None
