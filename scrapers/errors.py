"""Errors the scrapers raise, each with a sentence a person can act on.

ScrapeError
 ├── PayloadError        a payload is not what the source returns (truncated JSON, HTML, ...)
 ├── UnknownSource       no source by that name in the registry
 └── FetchError          a request did not produce a usable response
      ├── UnsafeURL          scheme not http(s) or host resolves to a private address
      ├── Blocked            a challenge page (never retried; the source is blocked this run)
      ├── RateLimited        429s outlasted the attempts, or Retry-After is too long to wait
      ├── BudgetExhausted    the per-run request budget for a host is spent
      ├── ResponseTooLarge   the body passed the size cap
      └── HTTPStatusError    any other non-success status after the attempts
"""

from __future__ import annotations

from core.errors import JobbotError


class ScrapeError(JobbotError):
    """Base of every scraper error."""


class PayloadError(ScrapeError):
    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: the payload is not a valid {source} response: {detail}")
        self.source, self.detail = source, detail


class UnknownSource(ScrapeError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown source {name!r}; known sources: {', '.join(known)}")
        self.name = name


class FetchError(ScrapeError):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"fetching {url} failed: {detail}")
        self.url, self.detail = url, detail


class UnsafeURL(FetchError):
    pass


class Blocked(FetchError):
    pass


class RateLimited(FetchError):
    pass


class BudgetExhausted(FetchError):
    pass


class ResponseTooLarge(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status
