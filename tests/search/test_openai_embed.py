"""The optional OpenAI embedder against a local server speaking the ``/v1/embeddings`` protocol."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from fakes.postings import make_posting

from core.models import Posting
from core.settings import Settings
from search.base import Query
from search.embedded import EmbeddedBackend
from search.embeddings import LocalEmbedder
from search.ingest import Ingestor
from search.openai_embed import EmbeddingUnavailable, OpenAIEmbedder, alt_embedder

DIMS = 8


def fake_vector(text: str) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    return [b / 255 - 0.5 for b in digest[:DIMS]]


@pytest.fixture
async def openai_server() -> AsyncIterator[dict[str, Any]]:
    """``state["fail"]`` set → every call gets a 429 like a rate-limited account."""
    state: dict[str, Any] = {"fail": False, "calls": 0}

    async def embeddings(request: web.Request) -> web.Response:
        state["calls"] += 1
        assert request.headers["Authorization"] == "Bearer sk-test"
        if state["fail"]:
            return web.json_response(
                {
                    "error": {
                        "message": "Rate limit reached",
                        "type": "requests",
                        "code": "rate_limit_exceeded",
                    }
                },
                status=429,
            )
        body = await request.json()
        data = [
            {"object": "embedding", "index": i, "embedding": fake_vector(t)}
            for i, t in enumerate(body["input"])
        ]
        return web.json_response(
            {
                "object": "list",
                "data": data[::-1],
                "model": body["model"],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        )

    app = web.Application()
    app.router.add_post("/v1/embeddings", embeddings)
    server = TestServer(app)
    await server.start_server()
    state["url"] = str(server.make_url("/v1"))
    yield state
    await server.close()


def posting(n: int) -> Posting:
    return make_posting(
        n,
        title=["Data Engineer", "Pastry Chef"][n],
        description="Build pipelines in SQL." if n == 0 else "Bake bread daily.",
    )


async def test_vectors_come_back_in_input_order_and_unit_length(
    openai_server: dict[str, Any],
) -> None:
    embedder = OpenAIEmbedder("sk-test", base_url=openai_server["url"], dims=DIMS, batch_size=2)
    try:
        vectors = await embedder.embed(["a", "b", "c"])
    finally:
        await embedder.close()
    expected = np.asarray([fake_vector(t) for t in "abc"], dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(vectors, expected, atol=1e-6) and openai_server["calls"] == 2


async def test_rate_limit_is_one_clear_error_without_retries(openai_server: dict[str, Any]) -> None:
    openai_server["fail"] = True
    embedder = OpenAIEmbedder("sk-test", base_url=openai_server["url"], dims=DIMS)
    try:
        with pytest.raises(EmbeddingUnavailable, match="Rate limit"):
            await embedder.embed(["a"])
    finally:
        await embedder.close()
    assert openai_server["calls"] == 1


@pytest.mark.parametrize("fail", [False, True])
async def test_ingest_fills_alt_field_or_keeps_local_only(
    openai_server: dict[str, Any], embedder: LocalEmbedder, tmp_path: Path, fail: bool
) -> None:
    openai_server["fail"] = fail
    alt = OpenAIEmbedder("sk-test", base_url=openai_server["url"], dims=DIMS)
    backend = EmbeddedBackend(tmp_path / "index.sqlite")
    try:
        counts = await Ingestor(backend, embedder, alt_embedder=alt).ingest(
            [posting(0), posting(1)]
        )
        assert counts.new == 2
        entries = await backend.get([posting(0).id, posting(1).id])
        assert all(e.vector is not None for e in entries)
        assert all((e.alt_vector is None) == fail for e in entries)
        if not fail:  # a query embedded by the same model searches the alt field
            query = (await alt.embed(["Data Engineer Build pipelines in SQL."]))[0]
            hits = await backend.search(
                Query(text="", vector=query, vector_field="alt_vector", k=2)
            )
            assert hits[0].cosine is not None and len(hits) == 2
    finally:
        await backend.close()
        await alt.close()


def test_alt_embedder_needs_both_switch_and_key() -> None:
    assert alt_embedder(Settings(_env_file=None)) is None
    on = Settings.model_validate(
        {"search": {"openai_embeddings": True}, "llm": {"openai_api_key": "sk-x"}}
    )
    assert isinstance(alt_embedder(on), OpenAIEmbedder)
