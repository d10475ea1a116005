"""Fixtures of the search tests: one backend per engine, the shared embedder, posting builders.

``backend`` runs every contract test on the embedded index and, when ELASTICSEARCH_URL is
set, on a real Elasticsearch 8 (a fresh index per test, dropped afterwards).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fakes.postings import make_posting

from core.models import Posting
from search.base import IndexedPosting, SearchBackend
from search.embeddings import LocalEmbedder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "index"


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


@pytest.fixture(params=["embedded", "elasticsearch"])
async def backend(
    request: pytest.FixtureRequest, tmp_path: Path, elasticsearch_url: str | None
) -> AsyncIterator[SearchBackend]:
    if request.param == "embedded":
        from search.embedded import EmbeddedBackend

        store: SearchBackend = EmbeddedBackend(tmp_path / "index.sqlite")
        yield store
        await store.close()
        return
    if not elasticsearch_url:
        pytest.skip("set ELASTICSEARCH_URL to run the contract suite on Elasticsearch")
    from search.elastic import ElasticBackend

    es = ElasticBackend(
        elasticsearch_url, alias=f"jobbot-test-{uuid.uuid4().hex[:8]}", refresh=True
    )
    yield es
    await es.drop()
    await es.close()


def unit(seed: int, dims: int = 384) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(dims).astype(np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def entry() -> Callable[..., IndexedPosting]:
    """``entry(n, vector_seed=None, **posting_fields)`` builds an IndexedPosting."""

    def build(n: int, vector_seed: int | None = None, **fields: Any) -> IndexedPosting:
        keys = fields.pop("keys", [f"id:{n}"])
        last_seen = fields.pop("last_seen", None)
        vector = unit(vector_seed if vector_seed is not None else n)
        return IndexedPosting(
            posting=make_posting(n, **fields),
            vector=vector,
            keys=keys,
            last_seen=last_seen,
            first_seen=last_seen,
        )

    return build


@pytest.fixture
def vector() -> Callable[[int], np.ndarray]:
    return unit


@pytest.fixture(scope="session")
def fixture_postings() -> Callable[[str], list[Posting]]:
    """Postings from ``tests/fixtures/index/<name>.jsonl``."""

    def load(name: str) -> list[Posting]:
        lines = (FIXTURES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        return [Posting.model_validate(json.loads(line)) for line in lines if line.strip()]

    return load
