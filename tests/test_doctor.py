import socket
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from fakes.elastic import FakeElasticsearch

from core.settings import load_settings
from jobbot.doctor import run_checks

GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_nothing_running_names_every_service_and_its_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dead = _free_port()
    monkeypatch.setenv("POSTGRES__DSN", f"postgresql://jobbot@127.0.0.1:{dead}/jobbot")
    monkeypatch.setenv("REDIS__URL", f"redis://127.0.0.1:{dead}/0")
    monkeypatch.setenv("SEARCH__URL", f"http://127.0.0.1:{dead}")
    monkeypatch.setenv("TELEGRAM__TOKEN", "")
    checks = {c.name: c for c in await run_checks(load_settings(env_file=None))}
    for name in ("postgres", "redis", "search", "telegram"):
        assert checks[name].status == "fail", checks[name]
        assert checks[name].fix
    assert "services.sh up" in checks["postgres"].fix
    assert "services.sh up" in checks["redis"].fix
    assert "BotFather" in checks["telegram"].fix
    assert checks["llm"].status == "warn"


async def test_all_green_with_local_services(
    monkeypatch: pytest.MonkeyPatch, pg_pool: object, pg_dsn: str, redis_url: str, tmp_path: object
) -> None:
    monkeypatch.setenv("POSTGRES__DSN", pg_dsn)
    monkeypatch.setenv("REDIS__URL", redis_url)
    monkeypatch.setenv("SEARCH__URL", f"sqlite:///{tmp_path}/index.sqlite")
    monkeypatch.setenv("TELEGRAM__TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("TELEGRAM__ADMIN_IDS", "42")
    monkeypatch.setenv("LLM__OPENAI_API_KEY", "sk-test")
    checks = await run_checks(load_settings(env_file=None))
    assert [c.status for c in checks] == ["ok"] * len(checks), checks


async def test_pending_migrations_are_reported(
    monkeypatch: pytest.MonkeyPatch, pg_dsn: str
) -> None:
    monkeypatch.setenv("POSTGRES__DSN", pg_dsn)
    checks = {c.name: c for c in await run_checks(load_settings(env_file=None))}
    assert checks["postgres"].status == "fail"
    assert checks["postgres"].fix == "run `jobbot migrate`"


@pytest.mark.parametrize(("version", "status"), [("8.15.0", "ok"), ("7.17.9", "fail")])
async def test_elasticsearch_version_is_checked_without_creating_the_index(
    monkeypatch: pytest.MonkeyPatch,
    serve: Callable[[web.Application], Awaitable[str]],
    version: str,
    status: str,
) -> None:
    from jobbot.doctor import check_search

    fake = FakeElasticsearch(version=version)
    monkeypatch.setenv("SEARCH__URL", await serve(fake.app()))
    check = await check_search(load_settings(env_file=None))
    assert check.status == status and version in check.detail, check
    assert fake.aliases == {}  # asked, nothing created


def test_malformed_token_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobbot.doctor import check_telegram

    monkeypatch.setenv("TELEGRAM__TOKEN", "not-a-token")
    check = check_telegram(load_settings(env_file=None))
    assert check.status == "fail" and "does not look like" in check.detail


def test_webhook_off_is_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobbot.doctor import check_webhook

    monkeypatch.setenv("TELEGRAM__WEBHOOK_URL", "")
    check = check_webhook(load_settings(env_file=None))
    assert check.status == "ok" and "long polling" in check.detail


def test_webhook_over_http_without_a_secret_fails_with_both_fixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobbot.doctor import check_webhook

    monkeypatch.setenv("TELEGRAM__WEBHOOK_URL", "http://bot.example.org/hook")
    monkeypatch.setenv("TELEGRAM__WEBHOOK_SECRET", "")
    check = check_webhook(load_settings(env_file=None))
    assert check.status == "fail"
    assert "http://bot.example.org/hook" in check.detail and "not an https://" in check.detail
    assert "TELEGRAM__WEBHOOK_SECRET is empty" in check.detail
    assert "HTTPS proxy" in check.fix and "secrets.token_urlsafe" in check.fix


def test_webhook_with_https_and_a_secret_is_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobbot.doctor import check_webhook

    monkeypatch.setenv("TELEGRAM__WEBHOOK_URL", "https://bot.example.org:8443/hook")
    monkeypatch.setenv("TELEGRAM__WEBHOOK_SECRET", "a-long_random-Secret")
    check = check_webhook(load_settings(env_file=None))
    assert check.status == "ok" and "https://bot.example.org:8443/hook" in check.detail
    assert "a-long_random-Secret" not in check.detail  # the secret is never printed
