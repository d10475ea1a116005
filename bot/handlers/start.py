"""/start, /help and /language: the first contact and the language choice."""

from __future__ import annotations

import asyncpg
from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.users import User, set_language
from core.settings import Settings
from ui.keyboards import LanguageCb, language_keyboard
from ui.texts import t


async def start(message: Message, user: User) -> None:
    """New users pick a language first; returning users get the welcome again."""
    if user.is_new:
        await message.answer(t(user.language, "pick_language"), reply_markup=language_keyboard())
    else:
        await message.answer(t(user.language, "welcome"))


async def language(message: Message, user: User) -> None:
    await message.answer(t(user.language, "pick_language"), reply_markup=language_keyboard())


async def help_(message: Message, user: User, settings: Settings) -> None:
    await message.answer(t(user.language, "help", max_per_day=settings.alerts.max_per_day))


async def language_chosen(
    query: CallbackQuery, callback_data: LanguageCb, user: User, pool: asyncpg.Pool
) -> None:
    await set_language(pool, user.telegram_id, callback_data.code)
    await query.answer(t(callback_data.code, "language_set"))
    if query.message is not None:
        await query.message.answer(t(callback_data.code, "welcome"))


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="start")
    router.message.register(start, CommandStart())
    router.message.register(language, Command("language"))
    router.message.register(help_, Command("help"))
    router.callback_query.register(language_chosen, LanguageCb.filter(F.code.in_({"en", "ru"})))
    return router
