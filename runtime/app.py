"""Running Jobbot: the chat (long polling or a webhook), the worker (alerts + outbox sender),
or both.

``serve`` builds the resources once (``runtime.deps``), starts the parts the mode asks for and
stops them all on SIGINT/SIGTERM, releasing every resource.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Literal

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BotCommand

from bot import routers
from core.errors import ConfigError, JobbotError, ServiceUnavailable
from core.settings import Settings
from runtime.deps import CHAT, WORKER, Deps, open_deps
from runtime.webhook import WebhookServer, require_webhook
from runtime.worker import Worker

Mode = Literal["all", "chat", "worker"]
log = logging.getLogger(__name__)
COMMANDS = {
    "en": {
        "start": "Start / choose language",
        "help": "What I can do",
        "matches": "My matches again",
        "prefs": "Search filters",
        "subscribe": "Alerts or a digest of fresh jobs",
        "unsubscribe": "Stop alerts",
        "stop": "Stop alerts and digests",
        "insights": "The market around my profile",
        "quiet": "Quiet hours for alerts",
        "saved": "My saved jobs and applications",
        "export": "Download my data (JSON)",
        "language": "Change language",
        "forget": "Delete my data",
        "delete": "Delete my data",
    },
    "ru": {
        "start": "Начать / выбрать язык",
        "help": "Что я умею",
        "matches": "Подобрать вакансии снова",
        "prefs": "Фильтры поиска",
        "subscribe": "Уведомления или дайджест новых вакансий",
        "unsubscribe": "Выключить уведомления",
        "stop": "Выключить уведомления и дайджесты",
        "insights": "Рынок вокруг моего профиля",
        "quiet": "Тихие часы для уведомлений",
        "saved": "Сохранённые вакансии и отклики",
        "export": "Скачать мои данные (JSON)",
        "language": "Сменить язык",
        "forget": "Удалить мои данные",
        "delete": "Удалить мои данные",
    },
}


def build_dispatcher(deps: Deps) -> Dispatcher:
    """The dispatcher with every router and middleware, resources in its workflow data."""
    storage: BaseStorage = (
        RedisStorage(deps["redis"]) if deps["redis"] is not None else MemoryStorage()
    )
    dp = Dispatcher(storage=storage, **deps)
    routers.setup(dp, deps["limiter"])
    return dp


async def run_chat(deps: Deps, stop: asyncio.Event) -> None:
    """The chat until ``stop``: long polling, or webhook mode when ``WEBHOOK_URL`` is set."""
    settings = deps["settings"].telegram
    if settings.webhook_url:
        require_webhook(settings)  # before any I/O: no secret is ever invented
    bot = deps["chat_bot"]
    dp = build_dispatcher(deps)
    await check_telegram(bot, settings.api_url)
    for lang, commands in COMMANDS.items():  # the menu in the user's app language
        await bot.set_my_commands(
            [BotCommand(command=c, description=d) for c, d in commands.items()],
            language_code=None if lang == "en" else lang,
        )
    if settings.webhook_url:
        await _serve_webhook(deps, dp, bot, stop)
    else:
        await _poll(deps, dp, bot, stop)
    await deps["ranking"].close()  # a stopped chat has stored the vectors it embedded
    await dp.storage.close()


async def _poll(deps: Deps, dp: Dispatcher, bot: Bot, stop: asyncio.Event) -> None:
    info = await bot.get_webhook_info()
    if info.url:  # Telegram refuses getUpdates while a webhook is set (409 Conflict)
        log.warning(
            "chat: removing the webhook %s to poll (its pending updates are kept)", info.url
        )
        await bot.delete_webhook(drop_pending_updates=False)
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
    await _until(stop, polling)
    await deps["flows"].close()  # grading edits need the bot session polling is about to close
    if not polling.done():
        await dp.stop_polling()
    await polling


async def _serve_webhook(deps: Deps, dp: Dispatcher, bot: Bot, stop: asyncio.Event) -> None:
    server = WebhookServer(dp, bot, deps["settings"].telegram)
    await server.start()
    try:
        await stop.wait()
        await server.stop_accepting()  # no new flow starts while the running ones close
    finally:
        await deps["flows"].close()  # grading edits need the bot session closed just below
        await server.close()


async def check_telegram(bot: Bot, api_url: str) -> None:
    """Fail at start with a sentence, not a traceback, when the token or the server is wrong."""
    try:
        me = await bot.get_me()
    except TelegramUnauthorizedError as exc:
        await bot.session.close()
        raise ConfigError("Telegram refused TELEGRAM__TOKEN; check it with @BotFather.") from exc
    except TelegramNetworkError as exc:
        await bot.session.close()
        raise ServiceUnavailable(
            "Telegram Bot API",
            f"{api_url}: {exc.message}",
            "Check the network or TELEGRAM__API_URL.",
        ) from exc
    log.info("chat: Telegram answers as @%s", me.username)


async def _until(stop: asyncio.Event, task: asyncio.Task[None]) -> None:
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()


def _first_leaf(group: BaseExceptionGroup[JobbotError]) -> JobbotError:
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first


async def serve(settings: Settings, mode: Mode) -> None:
    """Run ``mode`` until SIGINT/SIGTERM; resources are built once and always released."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    need = {"all": CHAT | WORKER, "chat": CHAT, "worker": WORKER}[mode]
    async with open_deps(settings, need) as deps:
        await _run(deps, mode, stop)


async def _run(deps: Deps, mode: Mode, stop: asyncio.Event) -> None:
    try:
        # A TaskGroup: if one part fails, the others are cancelled instead of left running.
        async with asyncio.TaskGroup() as group:
            if mode in ("all", "chat"):
                group.create_task(run_chat(deps, stop))
            if mode in ("all", "worker"):
                group.create_task(Worker(deps, stop).run())
    except ExceptionGroup as failed:
        # Surface our own error (bad token, service down) as itself, with its sentence.
        ours = failed.subgroup(JobbotError)
        if ours is not None:
            raise _first_leaf(ours) from failed
        raise
    finally:
        stop.set()
