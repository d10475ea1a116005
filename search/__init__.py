"""The posting index: one interface, two backends, embeddings and dedup.

``from_url(settings.search.url)`` gives the backend; ``Ingestor`` fills it.
"""

from search.backends import from_url

__all__ = ["from_url"]
