"""PostgreSQL access: one asyncpg pool, JSONB decoded to Python, migrations applied in order.

``connect`` does the I/O; nothing here connects at import or construction time.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from core.errors import ServiceUnavailable

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Any constant works; it only has to be the same in every Jobbot process.
MIGRATION_LOCK = 7_415_201


async def _init_connection(conn: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(kind, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def connect(dsn: str, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    """Open a pool, or raise ServiceUnavailable with what to do about it."""
    try:
        pool = await asyncpg.create_pool(
            dsn, min_size=min_size, max_size=max_size, init=_init_connection, timeout=10
        )
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        raise ServiceUnavailable(
            "PostgreSQL",
            str(exc) or type(exc).__name__,
            "Start it with `scripts/services.sh up` or set POSTGRES__DSN.",
        ) from exc
    assert pool is not None
    return pool


async def _on_server(dsn: str, sql: str) -> None:
    # A database cannot create or drop itself, so this runs from the server's ``postgres``,
    # opened as every connection is (``connect``: an unreachable server says what to do).
    admin = await connect(dsn.rsplit("/", 1)[0] + "/postgres", 1, 1)
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


async def create_database(dsn: str, prefix: str) -> str:
    """Create an empty database ``prefix_<random>`` on ``dsn``'s server; return its DSN.

    For throw-away databases (tests, benchmarks); pair it with ``drop_database``.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    await _on_server(dsn, f'CREATE DATABASE "{name}"')
    return dsn.rsplit("/", 1)[0] + "/" + name


async def drop_database(dsn: str) -> None:
    """Drop the database ``dsn`` names, closing its open connections; gone already is fine."""
    await _on_server(dsn, f'DROP DATABASE IF EXISTS "{dsn.rsplit("/", 1)[1]}" WITH (FORCE)')


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migrations named ``NNNN_name.sql``, in version order."""
    found = []
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        version, _, name = path.stem.partition("_")
        found.append(Migration(int(version), name, path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration numbers in {directory}")
    return found


async def migrate(pool: asyncpg.Pool, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply what is not applied yet, each in its own transaction; return what was applied.

    An advisory lock makes concurrent callers wait for each other, so two processes
    starting at once apply every migration exactly once.
    """
    applied_now: list[Migration] = []
    async with pool.acquire() as conn:
        await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        try:
            await conn.execute(
                """CREATE TABLE IF NOT EXISTS schema_migrations (
                       version integer PRIMARY KEY,
                       name text NOT NULL,
                       applied_at timestamptz NOT NULL DEFAULT now())"""
            )
            rows = await conn.fetch("SELECT version FROM schema_migrations")
            done = {row["version"] for row in rows}
            for migration in discover(directory):
                if migration.version in done:
                    continue
                async with conn.transaction():
                    await conn.execute(migration.path.read_text(encoding="utf-8"))
                    await conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        migration.version,
                        migration.name,
                    )
                applied_now.append(migration)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
    return applied_now
