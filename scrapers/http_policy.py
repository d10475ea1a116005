"""Pure rules of polite fetching: Retry-After, backoff, challenge pages, the SSRF guard.

Kept apart from the client so each rule is a small function with its own tests.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import random
import socket
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from scrapers.errors import FetchError, UnsafeURL

RETRYABLE = frozenset({429, 500, 502, 503, 504})

# Bodies of bot-protection interstitials (Cloudflare, DataDome, PerimeterX, Akamai, Imperva).
CHALLENGE_MARKERS = (
    "cf-browser-verification",
    "challenge-platform",
    "_cf_chl_opt",
    "<title>just a moment...</title>",
    "attention required! | cloudflare",
    "captcha-delivery.com",
    "px-captcha",
    "_incapsula_resource",
    "ak_bmsc",
)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date.

    Returns ``None`` when the header is absent or unreadable; never negative.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return rng.uniform(0, min(cap_s, base_s * (2**attempt)))


def is_challenge(status: int, headers: Mapping[str, str], body_head: bytes) -> bool:
    """A bot-protection challenge rather than a real answer: retrying it only digs deeper."""
    if status not in (403, 429, 503):
        return False
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    text = body_head[:20_000].decode("utf-8", "replace").lower()
    return any(marker in text for marker in CHALLENGE_MARKERS)


class GuardedResolver(AbstractResolver):
    """Resolves like aiohttp's default but refuses private addresses at connect time, so a
    name that resolved to a public address for :func:`check_url` cannot switch to an
    internal one for the connection itself (DNS rebinding)."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if any(_private(str(r["host"])) for r in results):
            raise OSError(errno.EACCES, f"{host} resolves to a private or loopback address")
        return results

    async def close(self) -> None:
        await self._inner.close()


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


async def check_url(url: str, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to private addresses.

    Every resolved address must be public, so a name with one public and one private
    record cannot be used to reach the inside of the network.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(url, "only http(s) URLs with a host are fetched")
    if allow_private:
        return
    host = parts.hostname
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except OSError as exc:
        raise FetchError(url, f"cannot resolve {host}: {exc}") from exc
    if any(_private(str(info[4][0])) for info in infos):
        raise UnsafeURL(url, f"{host} resolves to a private or loopback address")
