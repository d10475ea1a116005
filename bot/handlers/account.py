"""/forget: delete everything the bot keeps about the user, after a confirmation.
(/subscribe and /unsubscribe live in ``bot.handlers.subscribe``.)"""

from __future__ import annotations

import asyncpg
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.keyboards import ForgetCb, forget_keyboard
from bot.texts import t
from bot.users import User, forget


async def ask_forget(message: Message, user: User) -> None:
    await message.answer(t(user.language, "forget_confirm"),
                         reply_markup=forget_keyboard(user.language))


async def forget_confirmed(query: CallbackQuery, callback_data: ForgetCb, user: User,
                           pool: asyncpg.Pool) -> None:
    if callback_data.confirm:
        await forget(pool, user.telegram_id)
        text = t(user.language, "forget_done")
    else:
        text = t(user.language, "forget_cancelled")
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="account")
    router.message.register(ask_forget, Command("forget"))
    router.callback_query.register(forget_confirmed, ForgetCb.filter())
    return router
