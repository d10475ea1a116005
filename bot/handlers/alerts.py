"""/subscribe and /unsubscribe: push alerts for fresh postings that fit the user's resume."""

from __future__ import annotations

import asyncpg
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.texts import t
from bot.users import User, active_resume, set_alerts
from core.settings import Settings


async def subscribe(message: Message, user: User, pool: asyncpg.Pool,
                    settings: Settings) -> None:
    # Alerts are matched against the resume: without one there is nothing to match.
    if await active_resume(pool, user.telegram_id) is None:
        await message.answer(t(user.language, "need_resume"))
        return
    await set_alerts(pool, user.telegram_id, True)
    await message.answer(t(user.language, "subscribed", max_per_day=settings.alerts.max_per_day))


async def unsubscribe(message: Message, user: User, pool: asyncpg.Pool) -> None:
    await set_alerts(pool, user.telegram_id, False)
    await message.answer(t(user.language, "unsubscribed"))


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="alerts")
    router.message.register(subscribe, Command("subscribe"))
    router.message.register(unsubscribe, Command("unsubscribe", "stop"))
    return router
