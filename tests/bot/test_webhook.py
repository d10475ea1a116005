"""Webhook mode end to end: aiogram's aiohttp server on loopback, the fake Bot API, real
services. Updates are POSTed to the bot the way Telegram delivers them."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from core.errors import ConfigError

PUBLIC_URL = "https://jobbot.example.org/tg/hook"
PATH = "/tg/hook"
SECRET = "s3cret-Token_for-the-webhook"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
USER = 6001
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def webhook_deps(deps: Any, **overrides: Any) -> dict[str, Any]:
    """``deps`` with webhook settings on a free loopback port (``overrides`` win)."""
    fields = {
        "webhook_url": PUBLIC_URL,
        "webhook_secret": SecretStr(SECRET),
        "webhook_host": "127.0.0.1",
        "webhook_port": free_port(),
        "webhook_path": PATH,
        **overrides,
    }
    settings = deps["settings"]
    telegram = settings.telegram.model_copy(update=fields)
    return {**deps, "settings": settings.model_copy(update={"telegram": telegram})}


class Running:
    """The chat part running in webhook mode; ``url`` is where Telegram would POST."""

    def __init__(self, deps: dict[str, Any]) -> None:
        from runtime.app import run_chat

        tg = deps["settings"].telegram
        self.url = f"http://{tg.webhook_host}:{tg.webhook_port}{tg.webhook_path}"
        self.stop_event = asyncio.Event()
        self.task = asyncio.create_task(run_chat(deps, self.stop_event))  # type: ignore[arg-type]

    async def stop(self) -> None:
        self.stop_event.set()
        async with asyncio.timeout(15):
            await self.task


@pytest.fixture
async def start_webhook(
    deps: Any, telegram: Any
) -> AsyncIterator[Callable[..., Awaitable[Running]]]:
    started: list[Running] = []

    async def start(**overrides: Any) -> Running:
        running = Running(webhook_deps(deps, **overrides))
        started.append(running)
        # setWebhook is sent only once the local server listens.
        await telegram.wait_until(lambda: bool(telegram.webhook))
        return running

    yield start
    for running in started:
        if not running.task.done():
            await running.stop()


async def test_setwebhook_gets_the_url_secret_and_update_types(
    telegram: Any, start_webhook: Any
) -> None:
    await start_webhook()
    hook = telegram.webhook
    assert hook["url"] == PUBLIC_URL
    assert hook["secret_token"] == SECRET
    assert hook["drop_pending_updates"] == "false"
    assert hook["max_connections"] == "1"
    assert {"message", "callback_query"} <= set(json.loads(hook["allowed_updates"]))


async def test_only_requests_with_the_secret_are_handled(telegram: Any, start_webhook: Any) -> None:
    running = await start_webhook()
    async with aiohttp.ClientSession() as http:
        for headers in ({HEADER: "not-the-secret"}, {}):
            async with http.post(
                running.url, json=telegram.text_update(USER, "/start"), headers=headers
            ) as refused:
                assert refused.status == 401
        async with http.post(
            running.url, json=telegram.text_update(USER, "/start"), headers={HEADER: SECRET}
        ) as accepted:
            assert accepted.status == 200
    await telegram.wait_until(lambda: len(telegram.texts(USER)) >= 1)
    # One chat's updates are handled in order: had a refused /start been handled, its
    # answer would have come first, and there would be more than one.
    assert len(telegram.texts(USER)) == 1 and "Which language" in telegram.texts(USER)[0]
    assert all(method != "getUpdates" for method, _ in telegram.calls)

    await running.stop()
    assert telegram.webhook["url"] == PUBLIC_URL  # a restart must not lose updates
    assert all(method != "deleteWebhook" for method, _ in telegram.calls)
    async with aiohttp.ClientSession() as http:  # stopped: Telegram will retry, not lose
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.post(
                running.url, json=telegram.text_update(USER, "/help"), headers={HEADER: SECRET}
            )


async def test_a_resume_through_the_webhook_gets_a_list_then_graded_edits(
    telegram: Any, start_webhook: Any
) -> None:
    running = await start_webhook()
    pdf = (FIXTURES / "john_smith_python_ml.pdf").read_bytes()
    update = telegram.file_update(USER, "john_smith.pdf", pdf, "application/pdf")
    async with (
        aiohttp.ClientSession() as http,
        http.post(running.url, json=update, headers={HEADER: SECRET}) as response,
    ):
        assert response.status == 200  # at once: the update is handled in the background
    await telegram.wait_until(lambda: len(telegram.texts(USER)) >= 2, within=30)
    ack, listing = telegram.messages[USER][:2]
    assert ack.text.startswith("Got your resume") and "Top matches" in listing.text
    await telegram.wait_until(lambda: "Graded by" in listing.text, within=30)
    await running.stop()


async def test_the_webhook_is_deleted_on_stop_only_when_asked(
    telegram: Any, start_webhook: Any
) -> None:
    running = await start_webhook(webhook_delete_on_stop=True)
    await running.stop()
    assert telegram.webhook == {}
    deleted = [params for method, params in telegram.calls if method == "deleteWebhook"]
    assert deleted == [{"drop_pending_updates": "false"}]


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"webhook_secret": SecretStr("")}, "TELEGRAM__WEBHOOK_SECRET is empty"),
        ({"webhook_url": "http://jobbot.example.org/tg/hook"}, "not an https:// URL"),
        ({"webhook_url": "https://jobbot.example.org:9000/hook"}, "port 9000"),
    ],
)
async def test_webhook_mode_refuses_to_start_on_bad_settings(
    telegram: Any, deps: Any, overrides: dict[str, Any], named: str
) -> None:
    from runtime.app import run_chat

    with pytest.raises(ConfigError, match=named):
        await run_chat(webhook_deps(deps, **overrides), asyncio.Event())  # type: ignore[arg-type]
    assert telegram.calls == []  # refused before any request, no secret invented
    assert telegram.webhook == {}


async def test_a_busy_port_is_a_clear_error(telegram: Any, deps: Any) -> None:
    from runtime.app import run_chat

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ConfigError, match=f"Cannot listen on 127.0.0.1:{port}"):
            await run_chat(
                webhook_deps(deps, webhook_port=port),  # type: ignore[arg-type]
                asyncio.Event(),
            )
    assert telegram.webhook == {}  # never registered a URL nobody listens on


async def test_polling_removes_a_webhook_left_from_webhook_mode(
    telegram: Any, deps: Any, chatting: Any
) -> None:
    telegram.webhook = {"url": PUBLIC_URL, "secret_token": SECRET}
    async with chatting(deps):
        await telegram.user_says(USER, "/start")
        await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    deleted = [params for method, params in telegram.calls if method == "deleteWebhook"]
    assert deleted == [{"drop_pending_updates": "false"}]
