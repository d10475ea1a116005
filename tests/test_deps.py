"""The composition root builds only what an entry point asks for and closes what it opened,
on the real PostgreSQL and Redis."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import asyncpg
import numpy as np
import pytest
from fakes.postings import make_posting
from pydantic import SecretStr
from redis.asyncio import Redis

from core.models import Posting
from core.settings import Settings
from runtime.deps import CHAT, WORKER, closure, local_embeddings, open_deps
from scoring.store import MemoryCache, MemoryVectors, PgCache, PgVectors
from search.dedup.rules import DedupConfig
from search.embedded import EmbeddedBackend
from search.text import embed_text


@pytest.fixture
def settings(pg_dsn: str, redis_url: str, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        postgres={"dsn": pg_dsn, "pool_min": 1, "pool_max": 3},
        redis={"url": redis_url},
        search={"url": f"sqlite:///{tmp_path / 'index.sqlite'}"},
    )


@pytest.fixture
async def watcher(pg_dsn: str, redis_url: str) -> AsyncIterator[tuple[asyncpg.Connection, Redis]]:
    """Connections of our own that count everybody else's."""
    conn = await asyncpg.connect(pg_dsn)
    redis = Redis.from_url(redis_url)
    yield conn, redis
    await conn.close()
    await redis.aclose()


async def _counts(watcher: tuple[asyncpg.Connection, Redis]) -> tuple[int, int]:
    conn, redis = watcher
    pg = await conn.fetchval(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    clients = await redis.client_list()
    return int(pg), len(clients)


async def test_asking_for_the_backend_opens_no_pool_and_no_redis(
    settings: Settings, watcher: tuple[asyncpg.Connection, Redis]
) -> None:
    before = await _counts(watcher)
    async with open_deps(settings, {"backend"}) as deps:
        assert set(deps) == {"settings", "backend"}
        assert isinstance(deps["backend"], EmbeddedBackend)
        await deps["backend"].stats()  # opens the index file, nothing else
        assert await _counts(watcher) == before


async def test_a_matcher_without_a_pool_keeps_its_stores_in_memory(settings: Settings) -> None:
    async with open_deps(settings, {"ranking"}) as deps:
        assert set(deps) == {"settings", "ranking", "matcher", "embedder", "cascade"}
        assert isinstance(deps["matcher"].cache, MemoryCache)
        assert isinstance(deps["ranking"].vectors, MemoryVectors)
        assert deps["matcher"].backend is None


async def test_what_was_opened_is_closed_and_stores_follow_the_pool(
    settings: Settings, watcher: tuple[asyncpg.Connection, Redis]
) -> None:
    pg_before, redis_before = await _counts(watcher)
    async with open_deps(settings, {"pool", "limiter", "ranking", "polite"}) as deps:
        pool, http = deps["pool"], deps["http"]
        assert {"redis", "http", "embedder", "cascade"} <= set(deps)
        assert "backend" not in deps and "flows" not in deps
        assert isinstance(deps["matcher"].cache, PgCache)
        assert isinstance(deps["ranking"].vectors, PgVectors)
        assert await pool.fetchval("SELECT 1") == 1
        assert deps["redis"] is not None and await deps["redis"].ping()
        pg_open, redis_open = await _counts(watcher)
        assert pg_open > pg_before and redis_open > redis_before
    assert pool.is_closing() and http.closed
    assert await _counts(watcher) == (pg_before, redis_before)


async def test_objects_passed_in_are_used_and_left_open(settings: Settings, tmp_path: Path) -> None:
    backend = EmbeddedBackend(str(tmp_path / "mine.sqlite"))
    async with open_deps(settings, {"backend"}, backend=backend) as deps:
        assert deps["backend"] is backend
        await backend.stats()
    assert (await backend.stats())["entries"] == 0  # still usable: the root did not close it
    await backend.close()


def test_unknown_names_are_refused_and_the_run_modes_are_complete() -> None:
    with pytest.raises(ValueError, match="cannot build 'pools'"):
        closure({"pools"})
    assert closure(CHAT) == CHAT and closure(WORKER) == WORKER


async def test_the_demo_and_dedup_index_with_the_local_model_only(settings: Settings) -> None:
    """With the second (OpenAI) embedder on and a key set, a throw-away index stays offline."""
    online = settings.model_copy(
        update={
            "search": settings.search.model_copy(update={"openai_embeddings": True}),
            "llm": settings.llm.model_copy(update={"openai_api_key": SecretStr("sk-test")}),
        }
    )
    async with open_deps(online, {"alt_embedder"}) as deps:
        assert deps["alt_embedder"] is not None
    async with open_deps(
        local_embeddings(online), {"ingestor"}, search_url="sqlite:///:memory:"
    ) as deps:
        assert deps["alt_embedder"] is None and deps["ingestor"].alt_embedder is None


class RecordingEmbedder:
    """Speaks the embedder protocol: a fixed unit vector per text, every text recorded."""

    name, dims = "recording", 8

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += texts
        rows = [
            np.random.default_rng(int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)).normal(size=8)
            for t in texts
        ]
        return np.asarray([r / np.linalg.norm(r) for r in rows], dtype=np.float32).reshape(-1, 8)


def _title(posting: Posting) -> str:
    return posting.title


async def test_one_posting_text_for_the_index_and_the_matcher(settings: Settings) -> None:
    """A bench measuring another posting text gets it in both places, and its dedup rules."""
    embedder, rules = RecordingEmbedder(), DedupConfig(vector_cosine=0.99)
    postings = [make_posting(n, description="Python and PostgreSQL. " * 5) for n in (1, 2)]
    async with open_deps(
        settings,
        {"ingestor", "matcher"},
        search_url="sqlite:///:memory:",
        embedder=embedder,
        posting_text=_title,
        dedup=rules,
    ) as deps:
        assert deps["ingestor"].config is rules
        await deps["ingestor"].ingest(postings, expire=False)
        assert embedder.texts == [p.title for p in postings]
        await deps["matcher"].posting_vectors([make_posting(3)])
        assert embedder.texts[-1] == "Job 3"
    async with open_deps(settings, {"ingestor", "matcher"}, embedder=embedder) as deps:
        assert deps["ingestor"].config == DedupConfig() and deps["ingestor"].text is embed_text
        assert deps["matcher"].posting_text is embed_text
