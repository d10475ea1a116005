"""The resume vector: one recipe for lists and alerts, stored once per resume and model in
PostgreSQL, embedded again only for a new model or a changed profile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import asyncpg
import numpy as np
import pytest

from core.models import Posting
from core.settings import LLMSettings, MatchSettings
from scoring.llm import build_cascade
from scoring.match import resume_hash
from scoring.matcher import Matcher
from scoring.profile import Profile, profile_from_rules
from scoring.ranking import ResumeRanking
from scoring.resume import read_resume
from scoring.store import MemoryVectors, PgVectors, StoredVector, VectorStore
from scoring.vectors import query_chunks, query_vector, resume_vectors
from search.base import SearchBackend
from search.embedded import EmbeddedBackend
from search.embeddings import LocalEmbedder
from search.ingest import Ingestor

BARRY = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "resumes"
    / "resume_matcher_barry_allen_fe.pdf"
)


class CountingEmbedder:
    """The real model under a chosen name, counting its ``embed`` calls and texts."""

    def __init__(self, model: LocalEmbedder, name: str | None = None) -> None:
        self.model, self.dims = model, model.dims
        self.name = name or model.name
        self.calls: list[int] = []

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return await self.model.embed(texts)


def _ranking(
    embedder: CountingEmbedder,
    vectors: VectorStore | None = None,
    index: SearchBackend | None = None,
) -> ResumeRanking:
    """A new process's ranking: nothing in memory, the vectors in ``vectors`` (memory if
    ``None``), postings from ``index`` (none if ``None``)."""
    llm = LLMSettings()
    store = vectors or MemoryVectors()
    matcher = Matcher(index, embedder, build_cascade(llm), MatchSettings(), llm)
    return ResumeRanking(matcher, store)


async def _store_resume(pool: asyncpg.Pool, user_id: int, text: str, profile: Profile) -> int:
    await pool.execute("INSERT INTO users (telegram_id) VALUES ($1)", user_id)
    return int(
        await pool.fetchval(
            """INSERT INTO resumes (user_id, file_hash, text, profile, profile_version)
           VALUES ($1, $2, $3, $4, $5) RETURNING id""",
            user_id,
            resume_hash(text),
            text,
            profile.model_dump(mode="json"),
            profile.version,
        )
    )


def _barry_text() -> str:
    return read_resume(BARRY.read_bytes())


async def test_a_batch_gives_each_resume_the_vector_it_gets_alone(
    embedder: LocalEmbedder, john_smith_text: str
) -> None:
    barry = _barry_text()
    resumes = [
        (john_smith_text, profile_from_rules(john_smith_text)),
        (barry, profile_from_rules(barry)),
    ]
    counting = CountingEmbedder(embedder)
    batch = await resume_vectors(counting, resumes)
    assert counting.calls == [sum(len(query_chunks(*r)) for r in resumes)]  # one call
    for row, (text, profile) in zip(batch, resumes, strict=True):
        alone = await query_vector(embedder, text, profile)
        assert np.allclose(row, alone, atol=1e-5)
        assert abs(float(np.linalg.norm(row)) - 1.0) < 1e-5
    assert float(batch[0] @ batch[1]) < 0.99  # two different people, two different points


async def test_stored_once_then_read_and_equal_to_the_list_vector(
    embedder: LocalEmbedder, john_smith_text: str, pg_pool: asyncpg.Pool
) -> None:
    profile = profile_from_rules(john_smith_text)
    rid = await _store_resume(pg_pool, 8001, john_smith_text, profile)
    counting = CountingEmbedder(embedder)
    [stored] = await _ranking(counting, PgVectors(pg_pool)).stored_vectors(
        [(rid, john_smith_text, profile)]
    )
    assert len(counting.calls) == 1
    # A new process (nothing in memory) reads it back without the model.
    later = CountingEmbedder(embedder)
    [again] = await _ranking(later, PgVectors(pg_pool)).stored_vectors(
        [(rid, john_smith_text, profile)]
    )
    assert later.calls == [] and np.array_equal(stored, again)
    # The alert pre-filter and the user's own list measure with the same vector.
    listed = await _ranking(CountingEmbedder(embedder)).matcher.resume_vector(
        john_smith_text, profile
    )
    assert np.allclose(again, listed, atol=1e-5)


async def test_a_new_model_embeds_afresh_and_keeps_the_old_rows_apart(
    embedder: LocalEmbedder, john_smith_text: str, pg_pool: asyncpg.Pool
) -> None:
    profile = profile_from_rules(john_smith_text)
    rid = await _store_resume(pg_pool, 8101, john_smith_text, profile)
    old = CountingEmbedder(embedder)
    await _ranking(old, PgVectors(pg_pool)).stored_vectors([(rid, john_smith_text, profile)])
    await pg_pool.execute(
        "UPDATE resume_vectors SET vector = array_fill(0.5::real, ARRAY[384]) WHERE resume_id = $1",
        rid,
    )  # marks the old row
    renamed = CountingEmbedder(embedder, name="all-MiniLM-L6-v2-finetuned")
    [fresh] = await _ranking(renamed, PgVectors(pg_pool)).stored_vectors(
        [(rid, john_smith_text, profile)]
    )
    assert len(renamed.calls) == 1  # the old model's row was not taken for this model's
    assert abs(float(np.linalg.norm(fresh)) - 1.0) < 1e-5
    rows = await pg_pool.fetch(
        "SELECT model, vector[1] AS first FROM resume_vectors WHERE resume_id = $1 ORDER BY model",
        rid,
    )
    assert [(r["model"], r["first"]) for r in rows] == [
        ("all-MiniLM-L6-v2", 0.5),
        ("all-MiniLM-L6-v2-finetuned", float(fresh[0])),
    ]


async def test_a_changed_profile_or_a_missing_row_is_embedded_in_one_call(
    embedder: LocalEmbedder, john_smith_text: str, pg_pool: asyncpg.Pool
) -> None:
    barry = _barry_text()
    john_profile, barry_profile = profile_from_rules(john_smith_text), profile_from_rules(barry)
    john = await _store_resume(pg_pool, 8201, john_smith_text, john_profile)
    counting = CountingEmbedder(embedder)
    ranking = _ranking(counting, PgVectors(pg_pool))
    await ranking.stored_vectors([(john, john_smith_text, john_profile)])
    # Same text, re-read profile (another headline): the stored vector is stale.
    retitled = john_profile.model_copy(update={"titles": ["Data Engineer"]})
    barry_id = await _store_resume(pg_pool, 8202, barry, barry_profile)
    both = await ranking.stored_vectors(
        [(john, john_smith_text, retitled), (barry_id, barry, barry_profile)]
    )
    assert len(counting.calls) == 2  # the stale one and the missing one, together
    assert np.allclose(both[0], await query_vector(embedder, john_smith_text, retitled), atol=1e-5)
    assert await pg_pool.fetchval("SELECT count(*) FROM resume_vectors") == 2
    assert (await ranking.stored_vectors([])).shape == (0, embedder.dims)


async def test_database_down_still_gives_vectors(
    embedder: LocalEmbedder, john_smith_text: str, pg_dsn: str
) -> None:
    from core.db import connect

    pool = await connect(pg_dsn, max_size=1)
    await pool.close()  # reading and storing fail: the vector is embedded and used anyway
    profile = profile_from_rules(john_smith_text)
    [vector] = await _ranking(CountingEmbedder(embedder), PgVectors(pool)).stored_vectors(
        [(1, john_smith_text, profile)]
    )
    assert np.allclose(vector, await query_vector(embedder, john_smith_text, profile), atol=1e-5)


@pytest.fixture
async def index(embedder: LocalEmbedder, postings: list[Posting]) -> AsyncIterator[EmbeddedBackend]:
    backend = EmbeddedBackend(":memory:")
    await Ingestor(backend, embedder).ingest(postings, expire=False)
    yield backend
    await backend.close()


async def test_a_stored_resume_is_ranked_with_its_vector_once_one_was_written_back(
    embedder: LocalEmbedder, john_smith_text: str, pg_pool: asyncpg.Pool, index: EmbeddedBackend
) -> None:
    profile = profile_from_rules(john_smith_text)
    rid = await _store_resume(pg_pool, 8301, john_smith_text, profile)
    counting = CountingEmbedder(embedder)
    ranking = _ranking(counting, PgVectors(pg_pool), index)
    first = await ranking.first_list(rid, john_smith_text, profile, keep_all=True)
    assert counting.calls == [len(query_chunks(john_smith_text, profile))]  # the resume, once
    await ranking.close()  # the write-back is done
    later = CountingEmbedder(embedder)
    again = await _ranking(later, PgVectors(pg_pool), index).first_list(
        rid, john_smith_text, profile, keep_all=True
    )
    assert later.calls == [] and again == first  # a new process: the stored vector ranks
    retitled = profile.model_copy(update={"titles": ["Data Engineer"]})
    await _ranking(later, PgVectors(pg_pool), index).first_list(rid, john_smith_text, retitled)
    assert later.calls == [len(query_chunks(john_smith_text, retitled))]  # stale: embedded


def test_pieces_embedded_side_by_side_are_one_models_vectors_to_the_bit(
    embedder: LocalEmbedder,
) -> None:
    text = read_resume(BARRY.read_bytes())
    pieces = query_chunks(text, profile_from_rules(text))
    assert embedder.copies == 2 and 3 <= len(pieces) <= 8  # a small call: spread over both
    alone = LocalEmbedder(copies=1)
    try:
        assert np.array_equal(embedder.embed_sync(pieces), alone.embed_sync(pieces))
    finally:
        alone.close()


class HeldVectors(MemoryVectors):
    """The memory store, whose writes wait until ``release`` is set (or fail, if ``broken``)."""

    def __init__(self, *, broken: bool = False) -> None:
        super().__init__()
        self.release, self.broken = asyncio.Event(), broken

    async def put_many(self, model: str, rows: Sequence[tuple[int, StoredVector]]) -> None:
        await self.release.wait()
        if self.broken:
            raise ConnectionResetError("the database went away")
        await super().put_many(model, rows)


async def test_the_list_does_not_wait_for_the_write_and_close_does(
    embedder: LocalEmbedder, john_smith_text: str, index: EmbeddedBackend
) -> None:
    profile = profile_from_rules(john_smith_text)
    store = HeldVectors()
    ranking = _ranking(CountingEmbedder(embedder), store, index)
    assert await ranking.first_list(1, john_smith_text, profile)  # returned, write held
    assert store.rows == {}
    closing = asyncio.create_task(ranking.close())
    await asyncio.sleep(0.05)
    assert not closing.done()  # close waits for the pending write
    store.release.set()
    await closing
    [(rid, model)] = store.rows
    assert (rid, model) == (1, embedder.name)
    listed = await query_vector(embedder, john_smith_text, profile)
    assert np.allclose(store.rows[(1, embedder.name)].vector, listed, atol=1e-5)


async def test_a_failed_write_is_logged_and_close_still_returns(
    embedder: LocalEmbedder,
    john_smith_text: str,
    index: EmbeddedBackend,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = HeldVectors(broken=True)
    ranking = _ranking(CountingEmbedder(embedder), store, index)
    await ranking.first_list(1, john_smith_text, profile_from_rules(john_smith_text))
    store.release.set()
    await ranking.close()
    assert store.rows == {} and "resume vector not stored" in caplog.text
