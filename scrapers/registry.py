"""Every source by the name scripts use (``jobbot scrape NAME``, ``parse-payload --source``)."""

from __future__ import annotations

from scrapers.base import Source
from scrapers.errors import UnknownSource
from scrapers.sources import (
    arbeitnow,
    ashby,
    generic,
    greenhouse,
    hackernews,
    hh,
    himalayas,
    jobicy,
    jsonld,
    lever,
    recruitee,
    remoteok,
    remotive,
    smartrecruiters,
    weworkremotely,
    workable,
)

SOURCES: dict[str, Source] = {
    module.SOURCE.name: module.SOURCE
    for module in (
        greenhouse,
        lever,
        ashby,
        workable,
        smartrecruiters,
        recruitee,
        remoteok,
        remotive,
        arbeitnow,
        weworkremotely,
        himalayas,
        jobicy,
        hackernews,
        hh,
        jsonld,
        generic,
    )
}


def get_source(name: str) -> Source:
    """The source called ``name`` or :class:`UnknownSource` listing the known names."""
    try:
        return SOURCES[name]
    except KeyError:
        raise UnknownSource(name, sorted(SOURCES)) from None
