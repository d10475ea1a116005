"""The two outer middlewares, registered on messages and callback queries in this order:

1. :class:`Throttle` first, so a flood is dropped before it costs a database round trip;
2. :class:`UserContext` second: upserts the user, drops banned users, adds ``user``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.users import upsert_user
from delivery.ratelimit import Limit, RateLimiter
from ui.texts import pick_language

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# A person typing fast sends a few messages in a row; a script sends dozens.
USER_LIMIT = Limit(count=1, period=0.5, burst=5)


class Throttle(BaseMiddleware):
    """Drop updates from a user beyond ``limit`` (shared through Redis when configured)."""

    def __init__(self, limiter: RateLimiter, limit: Limit = USER_LIMIT) -> None:
        self.limiter, self.limit = limiter, limit

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TgUser | None = data.get("event_from_user")
        if sender and await self.limiter.hit(f"throttle:{sender.id}", self.limit) > 0:
            return None
        return await handler(event, data)


class UserContext(BaseMiddleware):
    """Keep the ``users`` row fresh; banned users get no answer at all."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TgUser | None = data.get("event_from_user")
        if sender is None or sender.is_bot:
            return None
        user = await upsert_user(
            data["pool"], sender.id, sender.username, pick_language(sender.language_code)
        )
        if user.is_banned:
            return None
        data["user"] = user
        return await handler(event, data)
