"""Pure rules of polite fetching: Retry-After, backoff, challenge pages, the SSRF guard.

Kept apart from the client so each rule is a small function with its own tests.
"""

from __future__ import annotations

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

from scrapers.errors import UnsafeURL

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


class PrivateAddress(OSError):
    """A name resolved to a private, loopback or otherwise non-public address."""

    def __init__(self, host: str) -> None:
        super().__init__(errno.EACCES, f"{host} resolves to a private or loopback address")
        self.host = host


class GuardedResolver(AbstractResolver):
    """The one place a scraper resolves a name: the answer is checked and handed to aiohttp,
    which connects to exactly those addresses. Checking and connecting therefore see one
    DNS answer, so a name cannot pass the check and then rebind to an internal address.

    Every address must be public, so a name with one public and one private record cannot
    be used to reach the inside of the network. ``inner`` does the lookups (aiohttp's
    default resolver unless another :class:`AbstractResolver` is given).
    """

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if any(is_private(str(r["host"])) for r in results):
            raise PrivateAddress(host)
        return results

    async def close(self) -> None:
        await self._inner.close()


def is_private(address: str) -> bool:
    """Not a public unicast address (private, loopback, link-local, reserved, multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


def check_url(url: str, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, IP literals that are not public.

    Names are not resolved here: :class:`GuardedResolver` checks them when the connection
    is made (aiohttp connects to IP literals without asking a resolver, hence this check).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(url, "only http(s) URLs with a host are fetched")
    if allow_private:
        return
    try:
        private = is_private(parts.hostname)
    except ValueError:
        return  # a name: checked at connect time
    if private:
        raise UnsafeURL(url, f"{parts.hostname} is a private or loopback address")
