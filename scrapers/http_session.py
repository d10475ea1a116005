"""The aiohttp session scrapers share, and what its connection errors mean to a scraper.

Names are resolved once, by :class:`~scrapers.http_policy.GuardedResolver`, when aiohttp
opens a connection: the answer it checks is the answer aiohttp connects to. A refusal or
a failed lookup arrives wrapped in aiohttp's connector errors; :func:`connect_failure`
turns them back into this package's errors so they are reported, not retried.
"""

from __future__ import annotations

import weakref

import aiohttp
from aiohttp.abc import AbstractResolver

from core.errors import ConfigError
from core.settings import ScrapeSettings
from scrapers.errors import FetchError, UnsafeURL
from scrapers.http_policy import GuardedResolver, PrivateAddress

# Sessions built by make_session with the guard on; any other session skips the guard.
_GUARDED: weakref.WeakSet[aiohttp.ClientSession] = weakref.WeakSet()


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
