"""The aiogram ``Bot`` pointed at the configured Bot API server, and chat-reply pacing.

Replies in a chat (the acknowledgement, the match list, its edits) go through
:class:`Pacing`, a request middleware that waits for the chat's and the global bucket
before each send and honours a 429's ``retry_after``, so handlers never think about limits.
The outbox sender uses a second ``Bot`` without it: it defers busy chats instead of waiting.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods.base import Response, TelegramMethod, TelegramType

from core.errors import ConfigError
from delivery.ratelimit import GLOBAL_LIMIT, RateLimiter, acquire, chat_limit

if TYPE_CHECKING:
    from core.settings import TelegramSettings

log = logging.getLogger(__name__)
# Methods that put or change a message in a chat and so count against Telegram's limits.
PACED = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto", "copyMessage"}


def make_bot(settings: TelegramSettings, pacing: RateLimiter | None = None) -> Bot:
    """A ``Bot`` for ``settings.api_url`` with HTML parse mode. No I/O until first use."""
    token = settings.token.get_secret_value()
    if not token:
        raise ConfigError("TELEGRAM__TOKEN is empty: get a token from @BotFather and set it.")
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.api_url.rstrip("/")))
    if pacing is not None:
        session.middleware(Pacing(pacing))
    try:
        return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    except Exception as exc:  # aiogram raises TokenValidationError, a bare Exception subclass
        raise ConfigError(f"TELEGRAM__TOKEN is not a bot token ({exc}).") from exc


class Pacing(BaseRequestMiddleware):
    """Wait for the chat's and the global bucket; on 429 sleep ``retry_after`` and retry."""

    def __init__(self, limiter: RateLimiter, max_retries: int = 3) -> None:
        self.limiter = limiter
        self.max_retries = max_retries

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ not in PACED:
            return await make_request(bot, method)
        chat_id = getattr(method, "chat_id", None)
        for attempt in range(self.max_retries + 1):
            if isinstance(chat_id, int):
                await acquire(self.limiter, f"chat:{chat_id}", chat_limit(chat_id))
            await acquire(self.limiter, "global", GLOBAL_LIMIT)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                log.info("429 on %s; retrying in %ss", method.__api_method__, exc.retry_after)
                await asyncio.sleep(exc.retry_after)
        raise AssertionError("unreachable: the loop returns or raises")
