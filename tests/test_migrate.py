import asyncio
import os
import sys
from pathlib import Path

import asyncpg
import pytest

from core.db import connect, discover, migrate


async def test_migrate_twice_applies_once(pg_dsn: str) -> None:
    pool = await connect(pg_dsn)
    try:
        first = await migrate(pool)
        second = await migrate(pool)
        assert [m.version for m in first] == [m.version for m in discover()]
        assert second == []
        rows = await pool.fetch("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in rows] == [m.version for m in discover()]
    finally:
        await pool.close()


async def test_two_processes_at_once_apply_once(pg_dsn: str) -> None:
    pools = [await connect(pg_dsn, max_size=1) for _ in range(2)]
    try:
        results = await asyncio.gather(*(migrate(p) for p in pools))
        assert sorted(len(r) for r in results) == [0, len(discover())]
        count = await pools[0].fetchval("SELECT count(*) FROM schema_migrations")
        assert count == len(discover())
    finally:
        for p in pools:
            await p.close()


async def test_cli_migrate_runs_in_separate_processes(pg_dsn: str) -> None:
    env = {**os.environ, "POSTGRES__DSN": pg_dsn}
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "jobbot",
            "migrate",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [await p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    texts = sorted(out.decode().strip() for out, _ in outputs)
    assert texts[0].startswith("applied: 0001_initial")
    assert texts[1] == "up to date"


async def test_failed_migration_rolls_back(pg_dsn: str, tmp_path: Path) -> None:
    (tmp_path / "0001_good.sql").write_text("CREATE TABLE good (id int);")
    (tmp_path / "0002_bad.sql").write_text("CREATE TABLE half (id int); SELECT * FROM nowhere;")
    pool = await connect(pg_dsn)
    try:
        with pytest.raises(asyncpg.UndefinedTableError):
            await migrate(pool, tmp_path)
        assert await pool.fetchval("SELECT to_regclass('half')") is None
        assert await pool.fetchval("SELECT count(*) FROM schema_migrations") == 1
    finally:
        await pool.close()


async def test_jsonb_round_trip(pg_pool: asyncpg.Pool) -> None:
    await pg_pool.execute(
        "INSERT INTO users (telegram_id, preferences) VALUES (1, $1)",
        {"remote": ["remote"], "min_salary": 90000},
    )
    prefs = await pg_pool.fetchval("SELECT preferences FROM users WHERE telegram_id = 1")
    assert prefs == {"remote": ["remote"], "min_salary": 90000}
    assert await pg_pool.fetchval("SELECT jsonb_typeof(preferences) FROM users") == "object"
