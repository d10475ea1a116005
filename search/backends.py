"""``from_url``: the one place a ``SEARCH__URL`` becomes a backend."""

from __future__ import annotations

from urllib.parse import urlsplit

from search.base import BadSearchURL, SearchBackend


def from_url(url: str, **options: object) -> SearchBackend:
    """``sqlite:///relative/or//absolute/path`` or ``sqlite:///:memory:`` → embedded index;
    ``http(s)://host:9200`` → Elasticsearch 8 (``options`` go to its constructor).

    No I/O happens here; the backend connects on first use.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        from search.embedded import EmbeddedBackend

        path = url.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path  # sqlite:///a → "a", sqlite:////a → "/a"
        if not path:
            raise BadSearchURL(url)
        return EmbeddedBackend(path)
    if scheme in {"http", "https"}:
        from search.elastic import ElasticBackend

        return ElasticBackend(url, **options)  # type: ignore[arg-type]
    raise BadSearchURL(url)
