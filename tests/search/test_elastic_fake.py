"""The Elasticsearch backend's requests, against a fake server speaking the real protocol."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import numpy as np
import pytest
from aiohttp import web
from fakes.elastic import FakeElasticsearch

from search.base import IndexedPosting, Query
from search.elastic import ElasticBackend

Entry = Callable[..., IndexedPosting]
Serve = Callable[[web.Application], Awaitable[str]]


@pytest.fixture
def fake() -> FakeElasticsearch:
    return FakeElasticsearch()


@pytest.fixture
async def es(fake: FakeElasticsearch, serve: Serve) -> AsyncIterator[ElasticBackend]:
    backend = ElasticBackend(await serve(fake.app()), dims=384, alt_dims=None)
    yield backend
    await backend.close()


async def test_cosines_read_only_the_vector_field(
    es: ElasticBackend, fake: FakeElasticsearch, entry: Entry, vector: Callable[[int], np.ndarray]
) -> None:
    docs = [entry(1), entry(2)]
    await es.upsert(docs)
    got = await es.cosines([docs[1].posting.id, "missing"], vector(1))
    assert list(got) == [docs[1].posting.id] and fake.includes == ["vector"]
    assert got[docs[1].posting.id] == pytest.approx(float(docs[1].vector @ vector(1)), abs=1e-6)  # type: ignore[operator]


async def test_search_scores_only_the_informative_words(
    es: ElasticBackend, fake: FakeElasticsearch, entry: Entry
) -> None:
    docs = [entry(n, title="Engineer", description="Python and SQL.") for n in range(30)]
    docs[0].posting.description = "Python, SQL and Kubernetes."
    docs[1].posting.title = "Kubernetes Engineer"
    await es.upsert(docs)
    await es.search(Query(text="Kubernetes engineer python terraform", k=5))
    [body] = fake.searches
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "kubernetes"
