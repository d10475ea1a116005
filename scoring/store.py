"""Where scoring keeps state: the LLM call ledger (with the per-user daily budget), the
match cache and the stored resume vectors. PostgreSQL when a pool is given, in-memory
otherwise (one process, e.g. a CLI evaluation); both behave the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg
import numpy as np

log = logging.getLogger(__name__)
# A database hiccup must not lose a match: the ledger and the cache degrade, scoring goes on.
DB_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)


@dataclass(frozen=True)
class LedgerRow:
    user_id: int | None
    purpose: str
    provider: str
    model: str
    prompt_tokens: int | None
    output_tokens: int | None
    latency_ms: int
    outcome: str


class Ledger(Protocol):
    async def record(self, row: LedgerRow) -> None: ...

    async def calls_today(self, user_id: int) -> int:
        """LLM calls made for this user in the last 24 hours."""


class MemoryLedger:
    def __init__(self) -> None:
        self.rows: list[tuple[float, LedgerRow]] = []

    async def record(self, row: LedgerRow) -> None:
        self.rows.append((time.time(), row))

    async def calls_today(self, user_id: int) -> int:
        since = time.time() - 86_400
        return sum(1 for at, row in self.rows if row.user_id == user_id and at >= since)


class PgLedger:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def record(self, row: LedgerRow) -> None:
        try:
            await self._insert(row)
        except DB_ERRORS as exc:
            log.warning("LLM ledger row not written: %s", exc)

    async def _insert(self, row: LedgerRow) -> None:
        await self.pool.execute(
            """INSERT INTO llm_calls (user_id, purpose, provider, model, prompt_tokens,
                   output_tokens, latency_ms, outcome) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)""",
            row.user_id,
            row.purpose,
            row.provider,
            row.model,
            row.prompt_tokens,
            row.output_tokens,
            row.latency_ms,
            row.outcome,
        )

    async def calls_today(self, user_id: int) -> int:
        """Unknown (database down) counts as spent: the rules answer instead of the LLM."""
        try:
            value = await self.pool.fetchval(
                "SELECT count(*) FROM llm_calls WHERE user_id = $1 "
                "AND created_at > now() - interval '1 day'",
                user_id,
            )
        except DB_ERRORS as exc:
            log.warning("LLM budget unknown, using the rules: %s", exc)
            return 2**31
        return int(value or 0)


CacheKey = tuple[str, str, str, str]  # resume_hash, posting_id, model, prompt_version
_CACHE_COLUMNS = (
    "embed_score",
    "llm_score",
    "final_score",
    "tier",
    "provider",
    "rubric",
    "reasons",
    "verifier",
)


class MatchCache(Protocol):
    async def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, dict[str, Any]]:
        """The cached rows among ``keys`` (absent keys are left out), read at once."""

    async def put(self, key: CacheKey, row: dict[str, Any]) -> None:
        """``row`` has embed_score, llm_score, final_score, tier, provider, rubric, reasons,
        verifier."""

    async def put_many(self, rows: Sequence[tuple[CacheKey, dict[str, Any]]]) -> None:
        """:meth:`put` for many rows at once."""


class MemoryCache:
    def __init__(self) -> None:
        self.rows: dict[CacheKey, dict[str, Any]] = {}

    async def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, dict[str, Any]]:
        return {key: self.rows[key] for key in keys if key in self.rows}

    async def put(self, key: CacheKey, row: dict[str, Any]) -> None:
        self.rows[key] = row

    async def put_many(self, rows: Sequence[tuple[CacheKey, dict[str, Any]]]) -> None:
        self.rows.update(rows)


class PgCache:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, dict[str, Any]]:
        """One query; unreadable (database down) is a miss for every key."""
        if not keys:
            return {}
        try:
            return await self._get_many(keys)
        except DB_ERRORS as exc:
            log.warning("match cache read failed: %s", exc)
            return {}

    async def _get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, dict[str, Any]]:
        # Each column's values are matched with ANY (the unique index serves it); the
        # result may hold combinations nobody asked for, which are dropped below.
        columns = [sorted({key[i] for key in keys}) for i in range(4)]
        rows = await self.pool.fetch(
            """SELECT resume_hash, posting_id, model, prompt_version, embed_score, llm_score,
                      final_score, tier, provider, rubric, reasons, verifier
                 FROM match_results
                WHERE resume_hash = ANY($1::text[]) AND posting_id = ANY($2::text[])
                  AND model = ANY($3::text[]) AND prompt_version = ANY($4::text[])""",
            *columns,
        )
        wanted = set(keys)
        found = {}
        for row in rows:
            key = (row["resume_hash"], row["posting_id"], row["model"], row["prompt_version"])
            if key in wanted:
                found[key] = {name: row[name] for name in _CACHE_COLUMNS}
        return found

    async def put(self, key: CacheKey, row: dict[str, Any]) -> None:
        await self.put_many([(key, row)])

    async def put_many(self, rows: Sequence[tuple[CacheKey, dict[str, Any]]]) -> None:
        try:
            await self._put_many(rows)
        except DB_ERRORS as exc:
            log.warning("match cache write failed: %s", exc)

    async def _put_many(self, rows: Sequence[tuple[CacheKey, dict[str, Any]]]) -> None:
        await self.pool.executemany(
            """INSERT INTO match_results (resume_hash, posting_id, model, prompt_version,
                   embed_score, llm_score, final_score, tier, provider, rubric, reasons, verifier)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
               ON CONFLICT (resume_hash, posting_id, model, prompt_version) DO UPDATE SET
                   embed_score=EXCLUDED.embed_score, llm_score=EXCLUDED.llm_score,
                   final_score=EXCLUDED.final_score, tier=EXCLUDED.tier,
                   provider=EXCLUDED.provider, rubric=EXCLUDED.rubric,
                   reasons=EXCLUDED.reasons, verifier=EXCLUDED.verifier,
                   created_at=now()""",
            [
                (
                    *key,
                    row["embed_score"],
                    row["llm_score"],
                    row["final_score"],
                    row["tier"],
                    row["provider"],
                    row["rubric"],
                    row["reasons"],
                    row["verifier"],
                )
                for key, row in rows
            ],
        )


@dataclass(frozen=True)
class StoredVector:
    """A resume's unit vector and the hash of what it was embedded from."""

    input_hash: str
    vector: np.ndarray


class VectorStore(Protocol):
    """Resume vectors keyed by resume id AND embedding model: vectors of two models are
    never compared, so a model change finds nothing and embeds afresh."""

    async def get_many(self, resume_ids: Sequence[int], model: str) -> dict[int, StoredVector]:
        """The stored vectors among ``resume_ids`` for ``model``, read at once."""

    async def put_many(self, model: str, rows: Sequence[tuple[int, StoredVector]]) -> None:
        """Store (replace) the vectors of these resumes for ``model``."""


class MemoryVectors:
    def __init__(self) -> None:
        self.rows: dict[tuple[int, str], StoredVector] = {}

    async def get_many(self, resume_ids: Sequence[int], model: str) -> dict[int, StoredVector]:
        return {rid: self.rows[(rid, model)] for rid in resume_ids if (rid, model) in self.rows}

    async def put_many(self, model: str, rows: Sequence[tuple[int, StoredVector]]) -> None:
        self.rows.update(((rid, model), stored) for rid, stored in rows)


class PgVectors:
    """The ``resume_vectors`` table; a database hiccup only costs a re-embedding."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def get_many(self, resume_ids: Sequence[int], model: str) -> dict[int, StoredVector]:
        if not resume_ids:
            return {}
        try:
            rows = await self.pool.fetch(
                """SELECT resume_id, input_hash, vector FROM resume_vectors
                    WHERE model = $1 AND resume_id = ANY($2::bigint[])""",
                model,
                list(resume_ids),
            )
        except DB_ERRORS as exc:
            log.warning("resume vectors not read, embedding again: %s", exc)
            return {}
        return {
            r["resume_id"]: StoredVector(r["input_hash"], np.asarray(r["vector"], dtype=np.float32))
            for r in rows
        }

    async def put_many(self, model: str, rows: Sequence[tuple[int, StoredVector]]) -> None:
        try:
            await self.pool.executemany(
                """INSERT INTO resume_vectors (resume_id, model, input_hash, vector)
                   VALUES ($1, $2, $3, $4)
                   ON CONFLICT (resume_id, model) DO UPDATE SET input_hash = EXCLUDED.input_hash,
                       vector = EXCLUDED.vector, created_at = now()""",
                [(rid, model, s.input_hash, s.vector.tolist()) for rid, s in rows],
            )
        except DB_ERRORS as exc:
            # E.g. the resume was deleted meanwhile (foreign key): the vector is still used.
            log.warning("resume vectors not stored: %s", exc)
