"""Shared fixtures: the real local PostgreSQL and Redis, started by the project's own script.

Every test that needs PostgreSQL gets a fresh, migrated database of its own; Redis tests
get a flushed logical database. Nothing here mocks either service.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import asyncpg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from core.db import connect, create_database, drop_database, migrate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def services() -> dict[str, str]:
    """Start (or find running) the local services; return their URLs."""
    script = ROOT / "scripts" / "services.sh"
    subprocess.run([str(script), "up"], check=True, capture_output=True, text=True, timeout=600)
    out = subprocess.run([str(script), "env"], check=True, capture_output=True, text=True)
    env = dict(line.split("=", 1) for line in out.stdout.split())
    return {"postgres": env["POSTGRES__DSN"], "redis": env["REDIS__URL"]}


@pytest.fixture
async def pg_dsn(services: dict[str, str]) -> AsyncIterator[str]:
    """A new empty database, dropped after the test."""
    dsn = await create_database(services["postgres"], "jobbot_test")
    yield dsn
    await drop_database(dsn)


@pytest.fixture
async def pg_pool(pg_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    """A pool on a fresh, fully migrated database."""
    pool = await connect(pg_dsn, max_size=4)
    await migrate(pool)
    yield pool
    await pool.close()


@pytest.fixture
async def redis_url(services: dict[str, str]) -> AsyncIterator[str]:
    """A flushed Redis logical database for this test."""
    from redis.asyncio import Redis

    url = services["redis"].rsplit("/", 1)[0] + "/9"
    client = Redis.from_url(url)
    await client.flushdb()
    yield url
    await client.flushdb()
    await client.aclose()


@pytest.fixture(scope="session")
def elasticsearch_url() -> str | None:
    """Set ELASTICSEARCH_URL to run the search contract suite against a real server."""
    return os.environ.get("ELASTICSEARCH_URL") or None


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[web.Application], Awaitable[str]]]:
    """Start aiohttp apps on loopback; each call returns that server's base URL (no trailing
    slash). Every server started is closed after the test."""
    servers: list[TestServer] = []

    async def start(app: web.Application) -> str:
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        return str(server.make_url("")).rstrip("/")

    yield start
    for server in servers:
        await server.close()
