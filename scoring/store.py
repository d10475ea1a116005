"""Where scoring keeps state: the LLM call ledger (with the per-user daily budget) and the
match cache. PostgreSQL when a pool is given, in-memory otherwise (one process, e.g. a CLI
evaluation); both behave the same.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg

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
            row.user_id, row.purpose, row.provider, row.model, row.prompt_tokens,
            row.output_tokens, row.latency_ms, row.outcome,
        )

    async def calls_today(self, user_id: int) -> int:
        """Unknown (database down) counts as spent: the rules answer instead of the LLM."""
        try:
            value = await self.pool.fetchval(
                "SELECT count(*) FROM llm_calls WHERE user_id = $1 "
                "AND created_at > now() - interval '1 day'", user_id,
            )
        except DB_ERRORS as exc:
            log.warning("LLM budget unknown, using the rules: %s", exc)
            return 2**31
        return int(value or 0)


CacheKey = tuple[str, str, str, str]  # resume_hash, posting_id, model, prompt_version


class MatchCache(Protocol):
    async def get(self, key: CacheKey) -> dict[str, Any] | None: ...

    async def put(self, key: CacheKey, row: dict[str, Any]) -> None:
        """``row`` has embed_score, llm_score, final_score, tier, provider, rubric, reasons,
        verifier."""


class MemoryCache:
    def __init__(self) -> None:
        self.rows: dict[CacheKey, dict[str, Any]] = {}

    async def get(self, key: CacheKey) -> dict[str, Any] | None:
        return self.rows.get(key)

    async def put(self, key: CacheKey, row: dict[str, Any]) -> None:
        self.rows[key] = row


class PgCache:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def get(self, key: CacheKey) -> dict[str, Any] | None:
        try:
            return await self._get(key)
        except DB_ERRORS as exc:
            log.warning("match cache read failed: %s", exc)
            return None

    async def _get(self, key: CacheKey) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(
            """SELECT embed_score, llm_score, final_score, tier, provider, rubric, reasons,
                      verifier FROM match_results
               WHERE resume_hash=$1 AND posting_id=$2 AND model=$3 AND prompt_version=$4""",
            *key,
        )
        return dict(row) if row else None

    async def put(self, key: CacheKey, row: dict[str, Any]) -> None:
        try:
            await self._put(key, row)
        except DB_ERRORS as exc:
            log.warning("match cache write failed: %s", exc)

    async def _put(self, key: CacheKey, row: dict[str, Any]) -> None:
        await self.pool.execute(
            """INSERT INTO match_results (resume_hash, posting_id, model, prompt_version,
                   embed_score, llm_score, final_score, tier, provider, rubric, reasons, verifier)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
               ON CONFLICT (resume_hash, posting_id, model, prompt_version) DO UPDATE SET
                   embed_score=EXCLUDED.embed_score, llm_score=EXCLUDED.llm_score,
                   final_score=EXCLUDED.final_score, tier=EXCLUDED.tier,
                   provider=EXCLUDED.provider, rubric=EXCLUDED.rubric,
                   reasons=EXCLUDED.reasons, verifier=EXCLUDED.verifier,
                   created_at=now()""",
            *key, row["embed_score"], row["llm_score"], row["final_score"], row["tier"],
            row["provider"], row["rubric"], row["reasons"], row["verifier"],
        )
