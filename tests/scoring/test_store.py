"""The match cache in PostgreSQL: a batch of keys read in one query, exactly those keys
returned; grading reads it once per call and a repeated request makes no LLM call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from core.models import Posting
from core.settings import MatchSettings
from scoring.llm import build_cascade
from scoring.matcher import Matcher
from scoring.profile import profile_from_rules
from scoring.store import CacheKey, PgCache
from search.embeddings import LocalEmbedder


def _row(score: float) -> dict[str, Any]:
    return {
        "embed_score": score,
        "llm_score": score,
        "final_score": score,
        "tier": "good",
        "provider": "rules",
        "rubric": {"score": 3},
        "reasons": {},
        "verifier": {},
    }


class CountingCache(PgCache):
    """The real PostgreSQL cache, counting how often it is read."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        super().__init__(pool)
        self.reads: list[int] = []

    async def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, dict[str, Any]]:
        self.reads.append(len(keys))
        return await super().get_many(keys)


async def test_get_many_returns_exactly_the_stored_keys_asked_for(pg_pool: asyncpg.Pool) -> None:
    cache = PgCache(pg_pool)
    stored = [("r1", "p1", "m1", "v1"), ("r1", "p2", "m2", "v1"), ("r2", "p1", "m2", "v1")]
    for n, key in enumerate(stored):
        await cache.put(key, _row(50 + n))
    # r1/p1/m2 and r2/p1/m1 combine stored values but were never stored; r3 is unknown.
    asked = [
        ("r1", "p1", "m1", "v1"),
        ("r1", "p1", "m2", "v1"),
        ("r2", "p1", "m1", "v1"),
        ("r2", "p1", "m2", "v1"),
        ("r3", "p9", "m1", "v1"),
    ]
    found = await cache.get_many(asked)
    assert sorted(found) == [("r1", "p1", "m1", "v1"), ("r2", "p1", "m2", "v1")]
    assert found[("r2", "p1", "m2", "v1")]["final_score"] == 52
    assert found[("r1", "p1", "m1", "v1")]["rubric"] == {"score": 3}  # JSONB decoded
    assert await cache.get_many([]) == {}


async def test_an_unreachable_database_is_a_miss(pg_dsn: str) -> None:
    from core.db import connect

    pool = await connect(pg_dsn, max_size=1)
    await pool.close()
    cache = PgCache(pool)
    await cache.put(("r", "p", "m", "v"), _row(60))  # logged, not raised
    assert await cache.get_many([("r", "p", "m", "v")]) == {}


async def test_grading_reads_the_cache_once_and_hits_call_no_llm(
    fake_llm: Any,
    embedder: LocalEmbedder,
    john_smith_text: str,
    postings: list[Posting],
    match_settings: MatchSettings,
    pg_pool: asyncpg.Pool,
) -> None:
    settings = fake_llm.settings(top_k=3, concurrency=2)
    cache = CountingCache(pg_pool)
    matcher = Matcher(
        None,
        embedder,
        build_cascade(settings, pg_pool),
        match_settings,
        settings,
        cache=cache,
    )
    profile = profile_from_rules(john_smith_text)
    first = await matcher.first_list(john_smith_text, profile, postings=postings, keep_all=True)
    graded = [m async for m in matcher.grade(john_smith_text, profile, first)]
    models = len(matcher.cascade.models)
    # One read for all: the top 3 under each cascade model, the other 2 under the rules.
    assert cache.reads == [3 * models + 2] and len(fake_llm.calls) == 3
    again = [m async for m in matcher.grade(john_smith_text, profile, first)]
    await matcher.cascade.close()
    assert cache.reads == [3 * models + 2] * 2 and len(fake_llm.calls) == 3
    assert all(m.cached for m in again)
    assert {m.posting.id: m.final_score for m in again} == {
        m.posting.id: m.final_score for m in graded
    }
