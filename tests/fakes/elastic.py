"""A fake Elasticsearch 8 on loopback, speaking the real HTTP protocol to the real client.

It serves what the backend's unit tests need, not a search engine: index creation behind an
alias, bulk writes, multi-get (each one's ``_source_includes`` kept in ``includes``),
``_search`` with a ``filters`` aggregation of phrase ``multi_match`` clauses (document
frequencies) and ``_msearch``, whose bodies it keeps in ``searches`` and answers with no hits.
Text is matched as lower-cased word sequences, a stand-in for Elasticsearch's analyzers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

HEADERS = {"X-Elastic-Product": "Elasticsearch"}
TEXT_FIELDS = ("title", "company", "body")


def _answer(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status, headers=HEADERS)


def _lines(raw: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _has_phrase(source: dict[str, Any], clause: dict[str, Any]) -> bool:
    phrase = _words(clause["query"])
    for name in clause["fields"]:
        words = _words(source.get(name.split("^")[0]) or "")
        for start in range(len(words) - len(phrase) + 1):
            if words[start : start + len(phrase)] == phrase:
                return True
    return False


@dataclass
class FakeElasticsearch:
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> index
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> _source
    searches: list[dict[str, Any]] = field(default_factory=list)  # _msearch bodies
    includes: list[str | None] = field(default_factory=list)  # each _mget's _source_includes
    version: str = "8.15.0"  # what the root endpoint (``info``) reports

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("GET", "/", self.info)
        app.router.add_route("HEAD", "/_alias/{name}", self.exists_alias)
        app.router.add_route("*", "/_bulk", self.bulk)
        app.router.add_route("POST", "/_msearch", self.msearch)
        app.router.add_route("POST", "/{index}/_mget", self.mget)
        app.router.add_route("POST", "/{index}/_search", self.search)
        app.router.add_route("PUT", "/{index}", self.create)
        return app

    async def info(self, request: web.Request) -> web.Response:
        return _answer({"name": "fake", "version": {"number": self.version}})

    async def exists_alias(self, request: web.Request) -> web.Response:
        found = request.match_info["name"] in self.aliases
        return web.Response(status=200 if found else 404, headers=HEADERS)

    async def create(self, request: web.Request) -> web.Response:
        index = request.match_info["index"]
        for alias in (await request.json()).get("aliases", {}):
            self.aliases[alias] = index
        return _answer({"acknowledged": True, "index": index})

    async def bulk(self, request: web.Request) -> web.Response:
        lines, items = _lines(await request.read()), []
        while lines:
            ((op, meta),) = lines.pop(0).items()
            if op == "index":
                self.docs[meta["_id"]] = lines.pop(0)
                items.append({op: {"_id": meta["_id"], "status": 201, "result": "created"}})
            else:
                result = "deleted" if self.docs.pop(meta["_id"], None) else "not_found"
                items.append({op: {"_id": meta["_id"], "status": 200, "result": result}})
        return _answer({"errors": False, "items": items})

    async def mget(self, request: web.Request) -> web.Response:
        wanted = request.query.get("_source_includes")
        self.includes.append(wanted)
        docs = []
        for doc_id in (await request.json())["ids"]:
            source = self.docs.get(doc_id)
            if source is None:
                docs.append({"_id": doc_id, "found": False})
                continue
            if wanted is not None:
                source = {k: v for k, v in source.items() if k in wanted.split(",")}
            docs.append({"_id": doc_id, "found": True, "_source": source})
        return _answer({"docs": docs})

    async def search(self, request: web.Request) -> web.Response:
        body = await request.json()
        answer: dict[str, Any] = {"hits": {"total": {"value": len(self.docs)}, "hits": []}}
        aggregations = {}
        for name, agg in body.get("aggs", {}).items():
            buckets = {
                key: {
                    "doc_count": sum(
                        _has_phrase(s, clause["multi_match"]) for s in self.docs.values()
                    )
                }
                for key, clause in agg["filters"]["filters"].items()
            }
            aggregations[name] = {"buckets": buckets}
        if aggregations:
            answer["aggregations"] = aggregations
        return _answer(answer)

    async def msearch(self, request: web.Request) -> web.Response:
        bodies = _lines(await request.read())[1::2]
        self.searches += bodies
        empty = {"hits": {"total": {"value": 0}, "hits": []}, "status": 200}
        return _answer({"responses": [empty for _ in bodies]})
