"""Ingestion: polite fetching of public job sources, pure parsers, normalization, scheduling.

Each source in :mod:`scrapers.registry` is a pure ``parse(payload) -> list[Posting]`` plus a
thin async ``fetch`` that goes through the one shared HTTP layer in :mod:`scrapers.http`.
"""
