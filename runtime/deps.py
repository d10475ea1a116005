"""The composition root: the one place Jobbot's objects are built from settings.

Every entry point (each ``jobbot`` command, the demo, the chat, the worker, the admin
console's ``/scrape``) asks :func:`open_deps` for the names it needs::

    async with open_deps(settings, need={"backend", "matcher"}) as deps:
        ...

Only those, and what they are made of, are built; leaving the block closes what was opened,
in reverse order. Stores are chosen here and passed in (a ``Matcher`` gets a PostgreSQL
cache when the entry point opened a pool, an in-memory one otherwise), never inside a
constructor. ``Dispatcher(**deps)`` hands the same names to handlers.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Required, TypedDict, Unpack

import aiohttp
import asyncpg
from aiogram import Bot
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.flow import MatchFlows
from core.db import connect
from core.errors import ServiceUnavailable
from core.models import Posting
from core.settings import Settings
from delivery.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from runtime.client import make_bot
from scoring.llm import LLMCascade, build_cascade
from scoring.matcher import Matcher
from scoring.ranking import ResumeRanking
from scoring.store import MemoryCache, MemoryVectors, PgCache, PgVectors
from scrapers.http import PoliteHttp, make_session
from search.backends import from_url
from search.base import SearchBackend
from search.dedup.rules import DedupConfig
from search.embeddings import Embedder, LocalEmbedder
from search.ingest import Ingestor
from search.openai_embed import alt_embedder
from search.text import embed_text

log = logging.getLogger(__name__)

# What each object is made of: asking for a name builds these first.
REQUIRES: dict[str, tuple[str, ...]] = {
    "limiter": ("redis",),
    "polite": ("http",),
    "cascade": (),
    "matcher": ("embedder", "cascade"),
    "ranking": ("matcher",),
    "flows": ("pool", "matcher", "ranking", "cascade"),
    "ingestor": ("backend", "embedder", "alt_embedder"),
    "chat_bot": ("limiter",),
    "sender_bot": (),
}
ORDER = (
    "pool",
    "redis",
    "limiter",
    "http",
    "polite",
    "backend",
    "embedder",
    "alt_embedder",
    "cascade",
    "matcher",
    "ranking",
    "flows",
    "ingestor",
    "chat_bot",
    "sender_bot",
)


class Deps(TypedDict, total=False):
    """What entry points, handlers, the sender and the worker may ask for, by these names."""

    settings: Required[Settings]
    """Every setting, read once at start-up."""
    pool: asyncpg.Pool
    """PostgreSQL: users, resumes, outbox, feedback, audit, LLM ledger."""
    redis: Redis | None
    """Shared state between processes; ``None`` means in-process fallbacks."""
    limiter: RateLimiter
    """Telegram send buckets and user throttling (Redis-backed when configured)."""
    http: aiohttp.ClientSession
    """Outgoing HTTP for scrapers (Telegram has its own session inside each ``Bot``)."""
    polite: PoliteHttp
    """The scrapers' polite HTTP layer on ``http``, shared by every run of this process."""
    backend: SearchBackend
    """The posting index chosen by ``SEARCH__URL`` (or the entry point's ``search_url``)."""
    embedder: Embedder
    """Local sentence embeddings; the model loads on first use."""
    alt_embedder: Embedder | None
    """The second model (OpenAI) when ``SEARCH__OPENAI_EMBEDDINGS`` is on and a key is set."""
    cascade: LLMCascade
    """LLM providers in order (OpenAI → Groq); empty → rule-based scoring."""
    matcher: Matcher
    """First list from embeddings, then graded matches."""
    ranking: ResumeRanking
    """Stored resumes ranked with their stored vectors (the chat's lists, alert rounds)."""
    flows: MatchFlows
    """Resume → matches conversations in progress."""
    ingestor: Ingestor
    """Postings → dedup → index, with both embedders."""
    chat_bot: Bot
    """The chat's ``Bot``: replies paced by ``limiter``."""
    sender_bot: Bot
    """The outbox sender's ``Bot``: unpaced, the sender defers busy chats itself."""


class Overrides(TypedDict, total=False):
    """What an entry point may hand :func:`open_deps` in place of the settings' choice."""

    search_url: str
    """Index elsewhere than ``SEARCH__URL`` (the demo's temporary folder, a bench's)."""
    pool_max: int
    """The pool's size for this entry point (one connection per source run, and a spare)."""
    embedder: Embedder
    """A model passed in (shared in tests, counting or cached in a bench): used, left open."""
    backend: SearchBackend
    """An index passed in: used and left open."""
    posting_text: Callable[[Posting], str]
    """The one text of a posting that is embedded, by the ingestor and the matcher alike
    (a variant of :data:`search.text.TEXT_VARIANTS` being measured); ``embed_text`` else."""
    dedup: DedupConfig
    """The ingestor's duplicate rules (a bench sweeping a threshold); ``DedupConfig()`` else."""


def local_embeddings(settings: Settings) -> Settings:
    """``settings`` without the second (OpenAI) embedder: the demo and ``jobbot dedup`` use
    a throw-away index, and the demo runs offline whatever the .env says."""
    return settings.model_copy(
        update={"search": settings.search.model_copy(update={"openai_embeddings": False})}
    )


def closure(need: Iterable[str]) -> set[str]:
    """``need`` and everything it is made of."""
    wanted: set[str] = set()
    todo = list(need)
    while todo:
        name = todo.pop()
        if name not in ORDER:
            raise ValueError(f"open_deps cannot build {name!r}; it builds {', '.join(ORDER)}")
        if name not in wanted:
            wanted.add(name)
            todo.extend(REQUIRES.get(name, ()))
    return wanted


async def _connect_redis(url: str) -> Redis | None:
    if not url:
        return None
    redis = Redis.from_url(url)
    try:
        await redis.ping()
    except (RedisError, OSError) as exc:
        await redis.aclose()
        raise ServiceUnavailable(
            "Redis",
            str(exc),
            "Start it with `scripts/services.sh up` "
            "or leave REDIS__URL empty for one-process mode.",
        ) from exc
    return redis


@contextlib.asynccontextmanager
async def open_deps(
    settings: Settings, need: Iterable[str], **overrides: Unpack[Overrides]
) -> AsyncIterator[Deps]:
    """Build what ``need`` names (and what it is made of); close what was built on exit.

    ``overrides`` (:class:`Overrides`) replace what the settings would choose; objects
    passed in are used and left open."""
    wanted = closure(need)
    deps = Deps(settings=settings)
    async with contextlib.AsyncExitStack() as stack:

        def later(close: Callable[[], Awaitable[object]]) -> None:
            stack.push_async_callback(_logged, close)

        for name in (n for n in ORDER if n in wanted):
            await _build(name, deps, later, overrides)
        yield deps


async def _logged(close: Callable[[], Awaitable[object]]) -> None:
    try:
        await close()
    except Exception:  # shutting down: log every failure, keep releasing the rest
        log.exception("closing %s failed", close)


async def _build(
    name: str,
    deps: Deps,
    later: Callable[[Callable[[], Awaitable[object]]], None],
    overrides: Overrides,
) -> None:
    settings = deps["settings"]
    pool_max, backend = overrides.get("pool_max"), overrides.get("backend")
    embedder = overrides.get("embedder")
    if name == "pool":
        pg = settings.postgres
        deps["pool"] = await connect(
            pg.dsn.get_secret_value(),
            min(pg.pool_min, pool_max or pg.pool_max),
            pool_max or pg.pool_max,
        )
        later(deps["pool"].close)
    elif name == "redis":
        deps["redis"] = redis = await _connect_redis(settings.redis.url)
        if redis is not None:
            later(redis.aclose)
    elif name == "limiter":
        redis = deps["redis"]
        deps["limiter"] = RedisRateLimiter(redis) if redis is not None else MemoryRateLimiter()
        later(deps["limiter"].close)
    elif name == "http":
        deps["http"] = make_session(settings.scrape)
        later(deps["http"].close)
    elif name == "polite":
        deps["polite"] = PoliteHttp(settings.scrape, deps["http"])
        later(deps["polite"].close)
    elif name == "backend":
        deps["backend"] = backend or from_url(overrides.get("search_url") or settings.search.url)
        if backend is None:
            later(deps["backend"].close)
    elif name == "embedder":
        deps["embedder"] = embedder or LocalEmbedder(batch_size=settings.search.embedding_batch)
        if embedder is None and isinstance(deps["embedder"], LocalEmbedder):
            later(_closer(deps["embedder"]))
    elif name == "alt_embedder":
        deps["alt_embedder"] = alt = alt_embedder(settings)
        if alt is not None:
            later(alt.close)
    else:
        _build_service(name, deps, later, overrides)


def _build_service(
    name: str,
    deps: Deps,
    later: Callable[[Callable[[], Awaitable[object]]], None],
    overrides: Overrides,
) -> None:
    settings, pool = deps["settings"], deps.get("pool")
    posting_text = overrides.get("posting_text", embed_text)
    if name == "cascade":
        deps["cascade"] = build_cascade(settings.llm, pool)
        later(deps["cascade"].close)
    elif name == "matcher":
        deps["matcher"] = Matcher(
            deps.get("backend"),
            deps["embedder"],
            deps["cascade"],
            settings.match,
            settings.llm,
            cache=PgCache(pool) if pool is not None else MemoryCache(),
            posting_text=posting_text,
        )
    elif name == "ranking":
        deps["ranking"] = ResumeRanking(
            deps["matcher"], PgVectors(pool) if pool is not None else MemoryVectors()
        )
        later(deps["ranking"].close)
    elif name == "flows":
        deps["flows"] = MatchFlows(deps["pool"], deps["matcher"], deps["ranking"], deps["cascade"])
        later(deps["flows"].close)
    elif name == "ingestor":
        deps["ingestor"] = Ingestor(
            deps["backend"],
            deps["embedder"],
            alt_embedder=deps["alt_embedder"],
            config=overrides.get("dedup"),
            expire_days=settings.search.expire_days,
            text=posting_text,
        )
    elif name == "chat_bot":
        deps["chat_bot"] = make_bot(settings.telegram, pacing=deps["limiter"])
        later(deps["chat_bot"].session.close)
    elif name == "sender_bot":
        deps["sender_bot"] = make_bot(settings.telegram)
        later(deps["sender_bot"].session.close)


def _closer(model: LocalEmbedder) -> Callable[[], Awaitable[None]]:
    async def close() -> None:
        model.close()

    return close


# What each part of ``jobbot run`` asks for: the chat (its admin console runs /scrape with
# the ingestor and the polite HTTP layer) and the worker (scheduler, ingest, alerts, sender).
_BOTH = frozenset(
    {"pool", "redis", "limiter", "http", "polite", "backend", "embedder", "alt_embedder"}
    | {"cascade", "matcher", "ranking", "ingestor"}
)
CHAT = _BOTH | {"flows", "chat_bot"}
WORKER = _BOTH | {"sender_bot"}
CHAT_AND_WORKER = CHAT | WORKER
