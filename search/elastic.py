"""The Elasticsearch 8 backend (``http(s)://host:9200``), via ``elasticsearch[async]`` 8.x.

Postings live in a versioned index (``<alias>-v<N>``) reached through ``<alias>``; a new
mapping is rolled out by :meth:`ElasticBackend.reindex`, which copies into the next version
and swaps the alias atomically. Hybrid search runs BM25 and ``knn`` (same filters in
``knn.filter``) as one ``msearch`` and fuses them in Python: Elasticsearch's RRF needs a
paid licence. One aggregation request before it counts the entries holding each query word,
for :func:`search.fusion.informative_terms`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import elasticsearch
import numpy as np
from elasticsearch import AsyncElasticsearch

from search import elastic_bodies as bodies
from search.base import (
    BackendRequestError,
    BackendUnavailable,
    Hit,
    IndexedPosting,
    Query,
    VectorField,
)
from search.columns import unit
from search.docs import from_doc
from search.fusion import informative_terms, query_terms, rrf


@asynccontextmanager
async def translated(what: str) -> AsyncIterator[None]:
    """Engine exceptions become ours, with what we were doing in the message."""
    try:
        yield
    except (elasticsearch.ConnectionError, elasticsearch.ConnectionTimeout) as exc:
        raise BackendUnavailable(f"Elasticsearch is not reachable ({what}): {exc}") from exc
    except elasticsearch.ApiError as exc:
        raise BackendRequestError(f"Elasticsearch refused {what}: {exc}") from exc
    except elasticsearch.TransportError as exc:
        raise BackendUnavailable(f"Elasticsearch transport failed ({what}): {exc}") from exc


def _vector(source: dict[str, Any], name: str) -> np.ndarray | None:
    values = source.get(name)
    return None if values is None else np.asarray(values, dtype=np.float32)


class ElasticBackend:
    """``refresh=True`` makes every write visible before it returns (tests, CLI runs)."""

    def __init__(
        self,
        url: str,
        *,
        alias: str = "jobbot-postings",
        dims: int = 384,
        alt_dims: int | None = 1536,
        refresh: bool = False,
        api_key: str | None = None,
        request_timeout: float = 30.0,
    ) -> None:
        self.url, self.alias, self.dims, self.alt_dims = url, alias, dims, alt_dims
        self.refresh: bool | str = "wait_for" if refresh else False
        self._options: dict[str, Any] = {"request_timeout": request_timeout}
        if api_key:
            self._options["api_key"] = api_key
        self._client: AsyncElasticsearch | None = None
        self._ready = False

    def _plain(self) -> AsyncElasticsearch:
        if self._client is None:
            self._client = AsyncElasticsearch(self.url, **self._options)
        return self._client

    async def server_version(self) -> str:
        """The server's version number, asked without creating anything."""
        info = await self._plain().info()
        return str(info["version"]["number"])

    async def _es(self) -> AsyncElasticsearch:
        """The client, with the alias and its first index created on first use."""
        client = self._plain()
        if not self._ready:
            async with translated("creating the index"):
                if not await client.indices.exists_alias(name=self.alias):
                    index = f"{self.alias}-v1"
                    await client.indices.create(
                        index=index,
                        aliases={self.alias: {}},
                        **bodies.index_body(self.dims, self.alt_dims),
                    )
            self._ready = True
        return client

    async def _bulk(self, ops: list[dict[str, Any]], what: str) -> dict[str, Any]:
        es = await self._es()
        async with translated(what):
            response = await es.bulk(operations=ops, refresh=self.refresh)
        return dict(response.body)

    async def upsert(self, docs: Sequence[IndexedPosting]) -> None:
        if not docs:
            return
        for doc in docs:
            for name, dims in (("vector", self.dims), ("alt_vector", self.alt_dims)):
                value = getattr(doc, name)
                if value is not None and np.asarray(value).size != dims:
                    raise BackendRequestError(
                        f"{name} of {doc.posting.id} has {np.asarray(value).size} dims, "
                        f"the index expects {dims}"
                    )
        errors = bodies.bulk_errors(
            await self._bulk(bodies.bulk_index(self.alias, docs), "a bulk write")
        )
        if errors:
            raise BackendRequestError(
                f"{len(errors)} of {len(docs)} postings were not indexed: " + "; ".join(errors[:3])
            )

    async def get(self, ids: Sequence[str]) -> list[IndexedPosting]:
        if not ids:
            return []
        es = await self._es()
        async with translated("a multi-get"):
            response = await es.mget(index=self.alias, ids=list(dict.fromkeys(ids)))
        found = {}
        for doc in response["docs"]:
            if doc.get("found"):
                src = doc["_source"]
                found[doc["_id"]] = from_doc(
                    src["doc"], _vector(src, "vector"), _vector(src, "alt_vector")
                )
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    async def find_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        if not keys:
            return {}
        es = await self._es()
        wanted = set(keys)
        async with translated("a key look-up"):
            response = await es.search(index=self.alias, **bodies.keys_body(sorted(wanted)))
        out: dict[str, list[str]] = {}
        for hit in response["hits"]["hits"]:
            for key in hit["_source"].get("keys", []):
                if key in wanted:
                    out.setdefault(key, []).append(hit["_id"])
        return {key: sorted(ids) for key, ids in out.items()}

    async def delete(self, ids: Sequence[str]) -> int:
        if not ids:
            return 0
        response = await self._bulk(bodies.bulk_delete(self.alias, ids), "a bulk delete")
        errors = bodies.bulk_errors(response)
        if errors:
            raise BackendRequestError("delete failed: " + "; ".join(errors[:3]))
        return sum(1 for item in response["items"] if item["delete"].get("result") == "deleted")

    async def expire(self, last_seen_before: datetime) -> int:
        es = await self._es()
        async with translated("expiring old postings"):
            response = await es.delete_by_query(
                index=self.alias,
                refresh=True,
                conflicts="proceed",
                **bodies.expire_body(last_seen_before),
            )
        return int(response["deleted"])

    async def search(self, query: Query) -> list[Hit]:
        es = await self._es()
        searches: list[dict[str, Any]] = []
        bm25_index: int | None = None
        terms = await self._informative(query_terms(query.text))
        if (text_body := bodies.bm25_body(terms, query.filters, query.k)) is not None:
            bm25_index = len(searches) // 2
            searches += [{"index": self.alias}, text_body]
        if query.vector is not None:
            searches += [
                {"index": self.alias},
                bodies.knn_body(query.vector, query.vector_field, query.filters, query.k),
            ]
        if not searches:
            return []
        async with translated("a hybrid search"):
            response = await es.msearch(searches=searches)
        rankings, bm25 = [], {}
        for i, result in enumerate(response["responses"]):
            if "error" in result:
                raise BackendRequestError(f"Elasticsearch refused a search: {result['error']}")
            hits = result["hits"]["hits"]
            rankings.append([h["_id"] for h in hits])
            if i == bm25_index:
                bm25 = {h["_id"]: float(h["_score"]) for h in hits}
        return await self._hits(rrf(rankings, query.k), bm25, query)

    async def _informative(self, words: list[str]) -> list[str]:
        """The words BM25 scores (:func:`search.fusion.informative_terms`)."""
        if not words:
            return []
        es = await self._es()
        async with translated("counting query words"):
            response = await es.search(index=self.alias, **bodies.frequencies_body(words))
        frequencies, entries = bodies.frequencies_of(dict(response.body))
        return informative_terms(words, frequencies, entries)

    async def _hits(
        self, fused: list[tuple[str, float]], bm25: dict[str, float], query: Query
    ) -> list[Hit]:
        entries = {e.posting.id: e for e in await self.get([i for i, _ in fused])}
        q = None if query.vector is None else unit(query.vector)
        hits = []
        for doc_id, score in fused:
            if doc_id not in entries:
                continue  # deleted between the search and the fetch
            entry = entries[doc_id]
            vector = getattr(entry, query.vector_field)
            cosine = float(unit(vector) @ q) if q is not None and vector is not None else None
            hits.append(
                Hit(posting=entry.posting, score=score, cosine=cosine, bm25=bm25.get(doc_id))
            )
        return hits

    async def cosines(
        self, ids: Sequence[str], vector: np.ndarray, vector_field: VectorField = "vector"
    ) -> dict[str, float]:
        if not ids:
            return {}
        es = await self._es()
        async with translated("a vector look-up"):
            response = await es.mget(
                index=self.alias, ids=list(dict.fromkeys(ids)), source_includes=[vector_field]
            )
        return bodies.cosines_from_mget(response["docs"], vector, vector_field)

    async def neighbours(
        self, vector: np.ndarray, k: int, vector_field: VectorField = "vector"
    ) -> list[tuple[str, float]]:
        es = await self._es()
        async with translated("a nearest-neighbour search"):
            response = await es.search(
                index=self.alias, **bodies.knn_body(vector, vector_field, None, k)
            )
        return [
            (h["_id"], bodies.score_to_cosine(float(h["_score"]))) for h in response["hits"]["hits"]
        ]

    async def count(self) -> int:
        es = await self._es()
        async with translated("a count"):
            return int((await es.count(index=self.alias))["count"])

    async def stats(self) -> dict[str, int]:
        es = await self._es()
        async with translated("collecting stats"):
            response = await es.search(
                index=self.alias,
                size=0,
                track_total_hits=True,
                aggs={
                    "links": {"sum": {"field": "link_count"}},
                    "with_vector": {"filter": {"exists": {"field": "vector"}}},
                },
            )
        aggs = response["aggregations"]
        return {
            "entries": int(response["hits"]["total"]["value"]),
            "links": int(aggs["links"]["value"] or 0),
            "with_vector": int(aggs["with_vector"]["doc_count"]),
        }

    async def reindex(self) -> str:
        """Copy everything into the next index version with the current mapping, then swap."""
        es = await self._es()
        async with translated("a reindex"):
            current = sorted((await es.indices.get_alias(name=self.alias)).body)
            version = max(int(name.rsplit("-v", 1)[1]) for name in current) + 1
            target = f"{self.alias}-v{version}"
            await es.indices.create(index=target, **bodies.index_body(self.dims, self.alt_dims))
            await es.reindex(source={"index": self.alias}, dest={"index": target}, refresh=True)
            await es.indices.update_aliases(
                actions=[
                    *({"remove": {"index": name, "alias": self.alias}} for name in current),
                    {"add": {"index": target, "alias": self.alias}},
                ]
            )
            for name in current:
                await es.indices.delete(index=name)
        return target

    async def drop(self) -> None:
        """Delete every index behind the alias (tests and ``jobbot`` resets)."""
        es = await self._es()
        async with translated("dropping the index"):
            names = list((await es.indices.get_alias(name=self.alias)).body)
            for name in names:
                await es.indices.delete(index=name)
        self._ready = False

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
            self._ready = False
