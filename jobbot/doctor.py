"""``jobbot doctor``: every setting and service Jobbot needs, checked, with the fix for each."""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from core.errors import ServiceUnavailable
from core.settings import Settings

if TYPE_CHECKING:
    import asyncpg

Status = Literal["ok", "warn", "fail"]
TOKEN_RE = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")
TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


async def check_postgres(settings: Settings) -> Check:
    from core.db import discover
    from runtime.deps import open_deps

    try:
        async with asyncio.timeout(TIMEOUT_S), open_deps(settings, {"pool"}, pool_max=1) as deps:
            applied = await _applied(deps["pool"])
    except Exception as exc:  # any failure to connect is reported, whatever its kind
        return Check(
            "postgres",
            "fail",
            f"cannot connect: {_reason(exc)}",
            "run `scripts/services.sh up` (local) or set POSTGRES__DSN",
        )
    pending = [m for m in discover() if m.version not in applied]
    if pending:
        return Check(
            "postgres",
            "fail",
            f"connected; {len(pending)} migration(s) pending",
            "run `jobbot migrate`",
        )
    return Check("postgres", "ok", "connected; schema up to date")


async def _applied(pool: asyncpg.Pool) -> set[int]:
    if not await pool.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL"):
        return set()
    return {r["version"] for r in await pool.fetch("SELECT version FROM schema_migrations")}


async def check_redis(settings: Settings) -> Check:
    if not settings.redis.url:
        return Check(
            "redis",
            "warn",
            "REDIS__URL is empty: in-process fallbacks, one process only",
            "set REDIS__URL to share limits and state between processes",
        )
    from runtime.deps import open_deps

    try:
        async with asyncio.timeout(TIMEOUT_S), open_deps(settings, {"redis"}):
            pass  # opening pings the server
    except Exception as exc:  # any failure to connect is reported, whatever its kind
        return Check(
            "redis",
            "fail",
            f"cannot connect to {settings.redis.url}: {_reason(exc)}",
            "run `scripts/services.sh up` (local) or fix REDIS__URL",
        )
    return Check("redis", "ok", f"connected to {settings.redis.url}")


def _reason(exc: Exception) -> str:
    """What went wrong, without the root's own advice (each check gives its fix)."""
    if isinstance(exc, ServiceUnavailable):
        return exc.detail
    return str(exc) or type(exc).__name__


def check_index_file(path: Path) -> Check:
    probe = path.resolve().parent  # the index file's folder, or its nearest existing parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        return Check(
            "search",
            "fail",
            f"cannot write the embedded index at {path}",
            "point SEARCH__URL at a writable sqlite:///path",
        )
    return Check("search", "ok", f"embedded index at {path}")


async def check_search(settings: Settings) -> Check:
    url = settings.search.url
    if url.startswith("sqlite:///"):
        return check_index_file(Path(url.removeprefix("sqlite:///")))
    if url.startswith(("http://", "https://")):
        from runtime.deps import open_deps
        from search.elastic import ElasticBackend

        try:
            async with asyncio.timeout(TIMEOUT_S), open_deps(settings, {"backend"}) as deps:
                version = await cast(ElasticBackend, deps["backend"]).server_version()
        except Exception as exc:  # any failure to connect is reported, whatever its kind
            return Check(
                "search",
                "fail",
                f"Elasticsearch at {url} not reachable: {_reason(exc)}",
                "start it (`docker compose up -d elasticsearch`) or use sqlite:///path",
            )
        if not version.startswith("8."):
            return Check(
                "search",
                "fail",
                f"Elasticsearch {version}: Jobbot needs 8.x",
                "run an Elasticsearch 8 server",
            )
        return Check("search", "ok", f"Elasticsearch {version} at {url}")
    return Check(
        "search",
        "fail",
        f"SEARCH__URL {url!r} is neither sqlite:/// nor http(s)://",
        "set SEARCH__URL=sqlite:///var/index.sqlite",
    )


def check_llm(settings: Settings) -> Check:
    providers = [
        name
        for name, key in (
            ("openai", settings.llm.openai_api_key),
            ("groq", settings.llm.groq_api_key),
        )
        if key.get_secret_value()
    ]
    if not providers:
        return Check(
            "llm",
            "warn",
            "no LLM key: the rule-based scorer answers every match",
            "set LLM__OPENAI_API_KEY and/or LLM__GROQ_API_KEY for LLM grading",
        )
    return Check("llm", "ok", "providers: " + " → ".join([*providers, "rules"]))


def check_telegram(settings: Settings) -> Check:
    token = settings.telegram.token.get_secret_value()
    if not token:
        return Check(
            "telegram",
            "fail",
            "TELEGRAM__TOKEN is not set",
            "create a bot with @BotFather and put its token in TELEGRAM__TOKEN",
        )
    if not TOKEN_RE.match(token):
        return Check(
            "telegram",
            "fail",
            "TELEGRAM__TOKEN does not look like a bot token",
            "copy the whole token from @BotFather: digits, a colon, then 35 characters",
        )
    if not settings.telegram.admin_ids:
        return Check(
            "telegram",
            "warn",
            "token looks right; no TELEGRAM__ADMIN_IDS",
            "add your Telegram user id to TELEGRAM__ADMIN_IDS to use admin commands",
        )
    admins = len(settings.telegram.admin_ids)
    return Check("telegram", "ok", f"token looks right; {admins} admin(s)")


def check_webhook(settings: Settings) -> Check:
    """Polling needs nothing; webhook mode needs an https URL Telegram delivers to and a
    secret (the same rules ``jobbot bot`` refuses to start without)."""
    from runtime.webhook import webhook_problems

    telegram = settings.telegram
    if not telegram.webhook_url:
        return Check("webhook", "ok", "off: the chat uses long polling")
    problems = webhook_problems(telegram)
    if problems:
        return Check(
            "webhook",
            "fail",
            "; ".join(p.detail for p in problems),
            "; ".join(p.fix for p in problems),
        )
    return Check(
        "webhook",
        "ok",
        f"{telegram.webhook_url} → {telegram.webhook_host}:"
        f"{telegram.webhook_port}{telegram.webhook_path}, secret set",
    )


async def run_checks(settings: Settings) -> list[Check]:
    postgres, redis, search = await asyncio.gather(
        check_postgres(settings), check_redis(settings), check_search(settings)
    )
    return [
        postgres,
        redis,
        search,
        check_llm(settings),
        check_telegram(settings),
        check_webhook(settings),
    ]


def render(checks: list[Check]) -> None:
    from rich.console import Console
    from rich.table import Table

    marks = {"ok": "[green]ok[/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}
    table = Table(title="jobbot doctor")
    for column in ("check", "status", "detail", "fix"):
        table.add_column(column)
    for c in checks:
        table.add_row(c.name, marks[c.status], c.detail, c.fix)
    Console().print(table)
