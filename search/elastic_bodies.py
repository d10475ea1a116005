"""Request bodies of the Elasticsearch backend, built by pure functions (unit-tested alone).

Nothing here talks to a server: each function maps our value types to the JSON an
Elasticsearch 8 endpoint expects, so the shapes can be checked without one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from search.base import IndexedPosting, VectorField
from search.columns import unit
from search.docs import company_key, epoch, sources_of, text_fields, to_doc
from search.filters import Filters, yearly_salary

TEXT_FIELDS = ("title^4", "company^1.5", "body")  # the title says most about the job
KEYWORD_FIELDS = (
    "source",
    "sources",
    "company_key",
    "country",
    "remote",
    "seniority",
    "currency",
    "keys",
)


def _vector_mapping(dims: int) -> dict[str, Any]:
    return {
        "type": "dense_vector",
        "dims": dims,
        "index": True,
        "similarity": "cosine",
        "index_options": {"type": "int8_hnsw", "m": 16, "ef_construction": 100},
    }


def index_body(dims: int, alt_dims: int | None) -> dict[str, Any]:
    """Settings and mapping of one versioned index; ``doc`` is stored, never indexed."""
    properties: dict[str, Any] = {name: {"type": "keyword"} for name in KEYWORD_FIELDS}
    properties |= {
        "title": {"type": "text", "analyzer": "english"},
        "company": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
        "body": {"type": "text", "analyzer": "english"},
        "salary_year": {"type": "double"},
        "posted_at": {"type": "date", "format": "epoch_second"},
        "last_seen": {"type": "date", "format": "epoch_second"},
        "link_count": {"type": "integer"},
        "doc": {"type": "object", "enabled": False},
        "vector": _vector_mapping(dims),
    }
    if alt_dims:
        properties["alt_vector"] = _vector_mapping(alt_dims)
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0},
        "mappings": {"dynamic": False, "properties": properties},
    }


def _seconds(value: datetime | None) -> int | None:
    stamp = epoch(value)
    return None if stamp is None else int(stamp)


def document(entry: IndexedPosting) -> dict[str, Any]:
    """The stored form of an entry: filter fields, text fields, vectors and the full doc."""
    posting = entry.posting
    source: dict[str, Any] = {
        **text_fields(posting),
        "source": posting.source,
        "sources": sources_of(entry),
        "company_key": company_key(posting.company),
        "country": posting.country,
        "remote": posting.remote,
        "seniority": posting.seniority,
        "currency": posting.salary_currency,
        "keys": entry.keys,
        "salary_year": yearly_salary(posting),
        "posted_at": _seconds(posting.posted_at),
        "last_seen": _seconds(entry.last_seen or entry.first_seen),
        "link_count": len(entry.links),
        "doc": to_doc(entry),
    }
    for name in ("vector", "alt_vector"):
        vector = getattr(entry, name)
        if vector is not None:
            source[name] = unit(vector).tolist()
    return source


def bulk_index(index: str, entries: Sequence[IndexedPosting]) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = []
    for entry in entries:
        ops += [{"index": {"_index": index, "_id": entry.posting.id}}, document(entry)]
    return ops


def bulk_delete(index: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    return [{"delete": {"_index": index, "_id": i}} for i in dict.fromkeys(ids)]


def bulk_errors(response: dict[str, Any]) -> list[str]:
    """One line per failed item of a bulk response (a 404 on delete is not a failure)."""
    errors = []
    for item in response.get("items", []):
        ((op, result),) = item.items()
        if "error" in result and not (op == "delete" and result.get("status") == 404):
            reason = result["error"].get("reason") or result["error"].get("type")
            errors.append(f"{op} {result.get('_id')}: {reason}")
    return errors


def _missing_or(field: str, clause: dict[str, Any]) -> dict[str, Any]:
    """``clause`` holds, or the field is absent (unknown passes, as in the embedded backend)."""
    return {
        "bool": {
            "should": [clause, {"bool": {"must_not": {"exists": {"field": field}}}}],
            "minimum_should_match": 1,
        }
    }


def filter_query(filters: Filters) -> dict[str, Any]:
    """The hard filters as one ``bool`` query, shared by the BM25 query and ``knn.filter``."""
    must: list[dict[str, Any]] = []
    for field, values in (
        ("remote", filters.remote),
        ("country", filters.countries),
        ("seniority", filters.seniority_levels()),  # "unknown" passes: every doc has the field
        ("sources", filters.sources),
    ):
        if values:
            must.append({"terms": {field: list(values)}})
    if filters.min_salary is not None:
        must.append(
            _missing_or("salary_year", {"range": {"salary_year": {"gte": filters.min_salary}}})
        )
    if filters.posted_after is not None:
        must.append(
            _missing_or(
                "posted_at",
                {"range": {"posted_at": {"gte": int(filters.posted_after.timestamp())}}},
            )
        )
    must_not: list[dict[str, Any]] = []
    if filters.exclude_companies:
        must_not.append(
            {"terms": {"company_key": [company_key(c) for c in filters.exclude_companies]}}
        )
    for word in filters.exclude_keywords:
        must_not.append(
            {
                "multi_match": {
                    "query": word,
                    "type": "phrase",
                    "fields": ["title", "company", "body"],
                }
            }
        )
    return {"bool": {"filter": must, "must_not": must_not}}


def frequencies_body(words: Sequence[str]) -> dict[str, Any]:
    """One request for how many entries hold each word (as a phrase in any text field) and
    how many entries there are."""
    clauses = {
        word: {
            "multi_match": {"query": word, "type": "phrase", "fields": ["title", "company", "body"]}
        }
        for word in words
    }
    return {"size": 0, "track_total_hits": True, "aggs": {"df": {"filters": {"filters": clauses}}}}


def frequencies_of(response: dict[str, Any]) -> tuple[dict[str, int], int]:
    """``(entries holding each word, entries)`` from the answer to :func:`frequencies_body`."""
    buckets = response["aggregations"]["df"]["buckets"]
    counts = {word: int(bucket["doc_count"]) for word, bucket in buckets.items()}
    return counts, int(response["hits"]["total"]["value"])


def bm25_body(terms: Sequence[str], filters: Filters, k: int) -> dict[str, Any] | None:
    """A BM25 query of ``terms`` over the text fields, or ``None`` without terms."""
    if not terms:
        return None
    match = {
        "multi_match": {
            "query": " ".join(terms),
            "fields": list(TEXT_FIELDS),
            "type": "best_fields",
            "operator": "or",
        }
    }
    return {
        "size": k,
        "_source": False,
        "query": {"bool": {"must": [match], "filter": [filter_query(filters)]}},
    }


def knn_body(
    vector: np.ndarray, field: VectorField, filters: Filters | None, k: int
) -> dict[str, Any]:
    """Approximate kNN with the filters applied inside the search (not after it)."""
    knn: dict[str, Any] = {
        "field": field,
        "query_vector": unit(vector).tolist(),
        "k": k,
        "num_candidates": max(100, 4 * k),
    }
    if filters is not None:
        knn["filter"] = filter_query(filters)
    return {"knn": knn, "size": k, "_source": False}


def cosines_from_mget(
    docs: Sequence[dict[str, Any]], vector: np.ndarray, field: str
) -> dict[str, float]:
    """Exact cosines of ``vector`` and the ``field`` vectors of a multi-get's found docs
    (the index's HNSW scores are quantized, so the stored floats are read instead)."""
    q = unit(vector)
    out = {}
    for doc in docs:
        values = doc.get("_source", {}).get(field) if doc.get("found") else None
        if values is not None:
            out[doc["_id"]] = float(unit(np.asarray(values, dtype=np.float32)) @ q)
    return out


def keys_body(keys: Sequence[str]) -> dict[str, Any]:
    return {"query": {"terms": {"keys": list(keys)}}, "size": 10_000, "_source": ["keys"]}


def expire_body(before: datetime) -> dict[str, Any]:
    return {"query": {"range": {"last_seen": {"lt": int(before.timestamp())}}}}


def score_to_cosine(score: float) -> float:
    """Elasticsearch scores cosine similarity as ``(1 + cos) / 2``."""
    return 2.0 * score - 1.0
