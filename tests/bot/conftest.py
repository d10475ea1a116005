"""Bot test fixtures: a bot on the fake Bot API (``fakes.telegram``) and the app's deps."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from fakes.telegram import TOKEN, FakeTelegram


@pytest.fixture
async def telegram(serve: Callable[[web.Application], Awaitable[str]]) -> FakeTelegram:
    fake = FakeTelegram()
    fake.base_url = await serve(fake.app())
    return fake


@pytest.fixture
async def make_bot(telegram: FakeTelegram) -> AsyncIterator[Callable[..., Any]]:
    """Build aiogram Bots pointed at the fake server; all are closed after the test."""
    from aiogram import Bot

    from core.settings import TelegramSettings
    from runtime.client import make_bot as build

    made: list[Bot] = []

    def factory(pacing: Any = None) -> Bot:
        settings = TelegramSettings(token=TOKEN, api_url=telegram.base_url)  # type: ignore[arg-type]
        made.append(build(settings, pacing))
        return made[-1]

    yield factory
    for bot in made:
        await bot.session.close()


@pytest.fixture
async def add_users(pg_pool: Any) -> Callable[..., Any]:
    """Insert users by Telegram id (``alerts_enabled`` on)."""

    async def add(*ids: int, language: str = "en") -> None:
        await pg_pool.executemany(
            "INSERT INTO users (telegram_id, language, alerts_enabled) VALUES ($1, $2, true)",
            [(i, language) for i in ids],
        )

    return add


BOT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bot"
ADMIN_ID = 777


@pytest.fixture(scope="session")
def embedder() -> Any:
    """One loaded MiniLM for the whole session (loading takes seconds)."""
    from search.embeddings import LocalEmbedder

    model = LocalEmbedder()
    model.embed_sync(["warm up"])
    return model


@pytest.fixture(scope="session")
def postings() -> list[Any]:
    from core.models import Posting

    lines = (BOT_FIXTURES / "postings.jsonl").read_text(encoding="utf-8").splitlines()
    return [Posting.model_validate_json(line) for line in lines if line.strip()]


@pytest.fixture
def llm() -> dict[str, Any]:
    """LLM settings for ``deps``; none by default (the rule-based rubric answers)."""
    return {}


@pytest.fixture
def scrape() -> dict[str, Any]:
    """Scrape settings for ``deps``; the defaults unless a test module overrides this."""
    return {}


@pytest.fixture
async def deps(
    pg_pool: Any,
    pg_dsn: str,
    redis_url: str,
    telegram: FakeTelegram,
    embedder: Any,
    postings: list[Any],
    tmp_path: Path,
    llm: dict[str, Any],
    scrape: dict[str, Any],
) -> AsyncIterator[Any]:
    """The real composition root on a fresh database, Redis, and an indexed sample."""
    from core.settings import Settings
    from runtime.deps import CHAT_AND_WORKER, open_deps
    from search.ingest import Ingestor

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram={"token": TOKEN, "api_url": telegram.base_url, "admin_ids": [ADMIN_ID]},
        postgres={"dsn": pg_dsn, "pool_max": 4},
        redis={"url": redis_url},
        search={"url": f"sqlite:///{tmp_path / 'index.sqlite'}"},
        llm=llm,
        scrape=scrape,
    )
    async with open_deps(settings, CHAT_AND_WORKER, embedder=embedder) as built:
        await Ingestor(built["backend"], embedder).ingest(postings, expire=False)
        yield built


class CountingEmbedder:
    """The real model, counting its ``embed`` calls and their sizes."""

    def __init__(self, model: Any) -> None:
        self.model, self.dims, self.name = model, model.dims, model.name
        self.calls: list[int] = []

    async def embed(self, texts: Sequence[str]) -> Any:
        self.calls.append(len(texts))
        return await self.model.embed(texts)


@pytest.fixture
def fresh_ranking(deps: Any) -> Callable[[], tuple[CountingEmbedder, Any]]:
    """A ranking and its matcher as a newly started process has them (nothing in memory) on
    the same services, the embedder counting calls: ``counting, ranking = fresh_ranking()``."""
    from scoring.matcher import Matcher
    from scoring.ranking import ResumeRanking
    from scoring.store import PgCache, PgVectors

    def make() -> tuple[CountingEmbedder, Any]:
        counting, settings = CountingEmbedder(deps["embedder"]), deps["settings"]
        matcher = Matcher(
            deps["backend"],
            counting,
            deps["cascade"],
            settings.match,
            settings.llm,
            cache=PgCache(deps["pool"]),
        )
        return counting, ResumeRanking(matcher, PgVectors(deps["pool"]))

    return make


@contextlib.asynccontextmanager
async def chatting(deps: Any) -> AsyncIterator[Any]:
    """The chat part running with ``deps`` (long polling against the fake server) inside the
    block; leaving it stops the chat as SIGTERM would (running flows close)."""
    from runtime.app import run_chat

    stop = asyncio.Event()
    task = asyncio.create_task(run_chat(deps, stop))
    try:
        yield deps
    finally:
        stop.set()
        async with asyncio.timeout(15):
            await task


@pytest.fixture(name="chatting")
def chatting_fixture() -> Callable[[Any], contextlib.AbstractAsyncContextManager[Any]]:
    """``async with chatting(deps):`` runs the chat with those ``deps`` (a restart: twice)."""
    return chatting


@pytest.fixture
async def chat(deps: Any) -> AsyncIterator[Any]:
    """The chat part running (long polling against the fake server) for the test."""
    async with chatting(deps):
        yield deps


@pytest.fixture
def audit_log(pg_pool: Any) -> Callable[..., Awaitable[list[Any]]]:
    """``await audit_log(n)``: the ``admin_audit`` rows, oldest first, once there are ``n``.

    The audit middleware writes a command's row just after the handler has answered, so a
    test that has seen the answer waits for the row rather than racing it."""

    async def rows(count: int) -> list[Any]:
        for _ in range(750):  # 15 s
            found = await pg_pool.fetch(
                "SELECT admin_id, action, target, details FROM admin_audit ORDER BY id"
            )
            if len(found) >= count:
                return list(found)
            await asyncio.sleep(0.02)
        raise AssertionError(f"{len(found)} audit rows, expected {count}")

    return rows


@pytest.fixture
def admin_id() -> int:
    """The Telegram id the ``deps`` fixture lists in TELEGRAM__ADMIN_IDS."""
    return ADMIN_ID


@pytest.fixture
def resume_user(pg_pool: Any) -> Callable[..., Any]:
    """Insert a user with the fixture resume stored (``/matches`` and alerts can rank it);
    ``extra`` text makes it another resume (another hash)."""

    async def add(
        user_id: int,
        *,
        language: str = "en",
        alerts: bool = True,
        preferences: dict[str, Any] | None = None,
        extra: str = "",
    ) -> None:
        from scoring.match import resume_hash
        from scoring.profile import extract_profile

        text = (BOT_FIXTURES / "resume_text.txt").read_text(encoding="utf-8") + extra
        profile = await extract_profile(text)
        await pg_pool.execute(
            """INSERT INTO users (telegram_id, language, alerts_enabled, preferences)
               VALUES ($1, $2, $3, $4)""",
            user_id,
            language,
            alerts,
            preferences or {},
        )
        await pg_pool.execute(
            """INSERT INTO resumes (user_id, file_hash, text, profile, profile_version)
               VALUES ($1, $2, $3, $4, $5)""",
            user_id,
            resume_hash(text),
            text,
            profile.model_dump(mode="json"),
            profile.version,
        )

    return add
