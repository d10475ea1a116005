"""The composition root: every resource built once from settings, injected by name.

``build_deps`` makes the objects in dependency order; ``Dispatcher(**deps)`` hands them to
handlers, which ask for them by parameter name (``pool: asyncpg.Pool``, ``flows: MatchFlows``).
``close_deps`` releases them in reverse order. Nothing else in Jobbot reads settings or
creates clients.
"""

from __future__ import annotations

import logging
from typing import TypedDict

import aiohttp
import asyncpg
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.flow import MatchFlows
from bot.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from core.db import connect
from core.errors import ServiceUnavailable
from core.settings import Settings
from scoring.llm import LLMCascade, build_cascade
from scoring.matcher import Matcher
from scrapers.http import make_session
from search.backends import from_url
from search.base import SearchBackend
from search.embeddings import Embedder, LocalEmbedder

log = logging.getLogger(__name__)


class Deps(TypedDict):
    """What handlers, the sender and the worker may ask for, by these names."""

    settings: Settings
    """Every setting, read once at start-up."""
    pool: asyncpg.Pool
    """PostgreSQL: users, resumes, outbox, feedback, audit, LLM ledger."""
    redis: Redis | None
    """Shared state between processes; ``None`` means in-process fallbacks."""
    limiter: RateLimiter
    """Telegram send buckets and user throttling (Redis-backed when configured)."""
    http: aiohttp.ClientSession
    """Outgoing HTTP for scrapers (Telegram has its own session inside ``Bot``)."""
    backend: SearchBackend
    """The posting index chosen by ``SEARCH__URL``."""
    embedder: Embedder
    """Local sentence embeddings; the model loads on first use."""
    cascade: LLMCascade
    """LLM providers in order (OpenAI → Groq); empty → rule-based scoring."""
    matcher: Matcher
    """First list from embeddings, then graded matches."""
    flows: MatchFlows
    """Resume → matches conversations in progress."""


async def _connect_redis(url: str) -> Redis | None:
    if not url:
        return None
    redis = Redis.from_url(url)
    try:
        await redis.ping()
    except (RedisError, OSError) as exc:
        await redis.aclose()
        raise ServiceUnavailable("Redis", str(exc), "Start it with `scripts/services.sh up` "
                                 "or leave REDIS__URL empty for one-process mode.") from exc
    return redis


async def build_deps(settings: Settings, *, embedder: Embedder | None = None) -> Deps:
    """Connect and construct everything (``embedder`` lets tests share one loaded model)."""
    pool = await connect(settings.postgres.dsn.get_secret_value(),
                         settings.postgres.pool_min, settings.postgres.pool_max)
    try:
        redis = await _connect_redis(settings.redis.url)
    except ServiceUnavailable:
        await pool.close()
        raise
    limiter: RateLimiter = RedisRateLimiter(redis) if redis is not None else MemoryRateLimiter()
    embedder = embedder or LocalEmbedder(batch_size=settings.search.embedding_batch)
    backend = from_url(settings.search.url)
    cascade = build_cascade(settings.llm, pool)
    matcher = Matcher(backend, embedder, cascade, settings.match, settings.llm, pool)
    return Deps(
        settings=settings, pool=pool, redis=redis, limiter=limiter,
        http=make_session(settings.scrape),
        backend=backend, embedder=embedder, cascade=cascade, matcher=matcher,
        flows=MatchFlows(pool, matcher, cascade),
    )


async def close_deps(deps: Deps, *, close_embedder: bool = True) -> None:
    """Release everything in reverse order of construction; one failure does not stop the rest.

    ``close_embedder=False`` keeps a model that was passed in (and is shared) loaded."""
    steps = [deps["flows"].close, deps["cascade"].close, deps["backend"].close,
             deps["http"].close, deps["limiter"].close]
    if deps["redis"] is not None:
        steps.append(deps["redis"].aclose)
    steps.append(deps["pool"].close)
    for step in steps:
        try:
            await step()
        except Exception:  # shutting down: log every failure, keep releasing the rest
            log.exception("closing %s failed", step)
    if close_embedder and isinstance(deps["embedder"], LocalEmbedder):
        deps["embedder"].close()
