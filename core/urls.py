"""URL canonicalisation, owned here: the full URL a Posting keeps, and the dedup key.

:func:`canonical_url` is what the scrapers store (``Posting.url``, ``apply_url``): http(s)
only, tracking parameters dropped, query sorted, fragment dropped. :func:`url_key` is what
dedup compares: the same cleaning, then the scheme, ``www.`` and a trailing ``/`` dropped, so
``http://www.x.com/a/`` and ``https://x.com/a`` are one key.

Both drop the same tracking parameters (``TRACKING``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only track where a click came from or who the visitor is, never
# which job it is (gh_jid, jobId... stay); names as sites spell them (the match is exact).
TRACKING = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "gclid",
    "fbclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "ref",
    "ref_src",
    "referrer",
    "source",
    "src",
    "gh_src",
    "lever-source",
    "lever-origin",
    "trk",
    "trackingId",
    "trackingid",
    "refId",
    "refid",
    "ccuid",
    "campaign",
    "_hsenc",
    "_hsmi",
    "igshid",
    "yclid",
    "li_fat_id",
    "from",
    "hhtmFrom",
    "hhtmFromLabel",
)
_HTTP = re.compile(r"^https?://", re.IGNORECASE)


def _cleaned(url: str, *, unique: bool) -> str:
    """The full URL without the ``TRACKING`` parameters, query sorted, fragment dropped."""
    kept = url_query_cleaner(url, parameterlist=TRACKING, remove=True, unique=unique)
    return str(canonicalize_url(kept, keep_fragments=False))


def canonical_url(url: str | None) -> str | None:
    """The full URL a posting keeps; ``None`` for no URL, one that is not http(s), or one that
    cannot be read (a broken IPv6 host, a port out of range): one bad link in a payload must
    not cost the rest of it."""
    if not url:
        return None
    url = url.strip()
    if not _HTTP.match(url):
        return None
    try:
        return _cleaned(url, unique=False)
    except ValueError:
        return None


def key_of(full: str) -> str:
    """The dedup key of a full URL: host (lower case, no ``www.``), path, query."""
    parts = urlsplit(full)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, "")).lstrip("/")


def url_key(url: str | None) -> str:
    """The dedup key of any URL (a repeated parameter counts once); ``""`` for none or one
    that cannot be read."""
    if not url or "://" not in url:
        return ""
    try:
        return key_of(_cleaned(url, unique=True))
    except ValueError:
        return ""
