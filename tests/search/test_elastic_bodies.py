"""Elasticsearch request bodies (pure functions) and ``from_url``; no server needed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pytest

from search import elastic_bodies as bodies
from search.backends import from_url
from search.base import BackendUnavailable, BadSearchURL, IndexedPosting
from search.elastic import ElasticBackend
from search.embedded import EmbeddedBackend
from search.filters import Filters

Entry = Callable[..., IndexedPosting]


def test_mapping_has_quantized_cosine_hnsw_vectors_and_keyword_filters() -> None:
    body = bodies.index_body(384, 1536)
    props = body["mappings"]["properties"]
    assert props["vector"] == {
        "type": "dense_vector",
        "dims": 384,
        "index": True,
        "similarity": "cosine",
        "index_options": {"type": "int8_hnsw", "m": 16, "ef_construction": 100},
    }
    assert props["alt_vector"]["dims"] == 1536
    for name in ("source", "company_key", "country", "remote", "seniority", "currency", "keys"):
        assert props[name] == {"type": "keyword"}
    assert props["title"]["type"] == props["body"]["type"] == "text"
    assert props["salary_year"]["type"] == "double" and props["posted_at"]["type"] == "date"
    assert props["doc"] == {"type": "object", "enabled": False}
    assert "alt_vector" not in bodies.index_body(384, None)["mappings"]["properties"]


def test_document_derives_filter_fields(entry: Entry) -> None:
    doc = entry(
        1,
        company=" Acme ",
        salary_max=5000,
        salary_period="month",
        country="DE",
        posted_at=datetime(2026, 1, 1, tzinfo=UTC),
        last_seen=datetime(2026, 2, 1, tzinfo=UTC),
    )
    doc.links = [{"source": "greenhouse"}, {"source": "indeed"}]
    doc.vector = np.asarray(doc.vector) * 3
    source = bodies.document(doc)
    assert source["salary_year"] == 60_000 and source["company_key"] == "acme"
    assert source["sources"] == ["greenhouse", "indeed"] and source["link_count"] == 2
    assert source["posted_at"] == 1767225600 and source["last_seen"] == 1769904000
    assert np.linalg.norm(source["vector"]) == pytest.approx(1.0, abs=1e-5)
    assert source["doc"]["posting"]["id"] == doc.posting.id


def test_bulk_pairs_and_errors(entry: Entry) -> None:
    ops = bodies.bulk_index("idx", [entry(1), entry(2)])
    assert [op.get("index", {}).get("_id") for op in ops[::2]] == [
        entry(1).posting.id,
        entry(2).posting.id,
    ]
    assert bodies.bulk_delete("idx", ["a", "a", "b"]) == [
        {"delete": {"_index": "idx", "_id": "a"}},
        {"delete": {"_index": "idx", "_id": "b"}},
    ]
    response = {
        "errors": True,
        "items": [
            {"index": {"_id": "1", "status": 201, "result": "created"}},
            {
                "index": {
                    "_id": "2",
                    "status": 400,
                    "error": {"type": "mapper_parsing_exception", "reason": "wrong dims"},
                }
            },
            {"delete": {"_id": "3", "status": 404, "result": "not_found", "error": {"type": "x"}}},
        ],
    }
    assert bodies.bulk_errors(response) == ["index 2: wrong dims"]


def test_filters_become_one_bool_query_shared_by_bm25_and_knn() -> None:
    filters = Filters(
        remote=("remote",),
        countries=("DE",),
        sources=("lever",),
        min_salary=50_000,
        exclude_companies=("Acme",),
        exclude_keywords=("crypto",),
        posted_after=datetime(2026, 1, 1, tzinfo=UTC),
    )
    query = bodies.filter_query(filters)
    must, must_not = query["bool"]["filter"], query["bool"]["must_not"]
    assert {"terms": {"remote": ["remote"]}} in must and {"terms": {"sources": ["lever"]}} in must
    salary = next(c for c in must if "bool" in c and "salary_year" in str(c))
    assert salary["bool"]["minimum_should_match"] == 1  # postings without salary pass
    assert {"terms": {"company_key": ["acme"]}} in must_not
    assert must_not[1]["multi_match"]["query"] == "crypto"
    bm25 = bodies.bm25_body(["senior", "python"], filters, 20)
    knn = bodies.knn_body(np.ones(4, dtype=np.float32), "vector", filters, 20)
    assert bm25 is not None and bm25["query"]["bool"]["filter"] == [query]
    assert knn["knn"]["filter"] == query and knn["knn"]["k"] == 20
    assert knn["knn"]["num_candidates"] >= 100
    assert bm25["query"]["bool"]["must"][0]["multi_match"]["fields"][0] == "title^4"
    assert bm25["query"]["bool"]["must"][0]["multi_match"]["query"] == "senior python"
    assert bodies.bm25_body([], Filters(), 5) is None
    assert bodies.filter_query(Filters()) == {"bool": {"filter": [], "must_not": []}}


def test_seniority_filter_lets_postings_without_a_level_through(entry: Entry) -> None:
    # A posting that states no level is stored as "unknown" and matched by every level
    # filter, as in the embedded backend and scoring.filters (Filters.seniority_levels).
    assert bodies.document(entry(1))["seniority"] == "unknown"
    assert bodies.document(entry(2, seniority="lead"))["seniority"] == "lead"
    query = bodies.filter_query(Filters(seniority=("senior", "lead")))
    assert query["bool"]["filter"] == [{"terms": {"seniority": ["senior", "lead", "unknown"]}}]
    explicit = bodies.filter_query(Filters(seniority=("unknown", "junior")))
    assert explicit["bool"]["filter"] == [{"terms": {"seniority": ["unknown", "junior"]}}]


def test_expire_and_score_conversion() -> None:
    body = bodies.expire_body(datetime(2026, 1, 1, tzinfo=UTC))
    assert body == {"query": {"range": {"last_seen": {"lt": 1767225600}}}}
    assert bodies.score_to_cosine(1.0) == 1.0 and bodies.score_to_cosine(0.5) == 0.0


def test_from_url_picks_backend_without_io() -> None:
    assert isinstance(from_url("sqlite:///var/index.sqlite"), EmbeddedBackend)
    assert from_url("sqlite:////srv/index.sqlite").path == "/srv/index.sqlite"  # type: ignore[attr-defined]
    assert isinstance(from_url("http://localhost:9200"), ElasticBackend)
    for bad in ("redis://x", "sqlite://", "index.sqlite"):
        with pytest.raises(BadSearchURL, match="SEARCH__URL"):
            from_url(bad)


async def test_unreachable_elasticsearch_is_a_clear_error() -> None:
    backend = ElasticBackend("http://127.0.0.1:9", request_timeout=2)
    try:
        with pytest.raises(BackendUnavailable, match="not reachable"):
            await backend.count()
    finally:
        await backend.close()
