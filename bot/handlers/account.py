"""/forget (also /delete, which users type): delete everything the bot keeps about the user,
the job tracker and digests included, after a confirmation (:mod:`bot.privacy`).
(/subscribe and /unsubscribe live in ``bot.handlers.subscribe``.)"""

from __future__ import annotations

import asyncpg
from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from redis.asyncio import Redis

from bot import privacy
from bot.users import User
from ui.keyboards import ForgetCb, forget_keyboard
from ui.texts import t


async def ask_forget(message: Message, user: User) -> None:
    await message.answer(
        t(user.language, "forget_confirm"), reply_markup=forget_keyboard(user.language)
    )


async def forget_confirmed(
    query: CallbackQuery,
    callback_data: ForgetCb,
    user: User,
    pool: asyncpg.Pool,
    redis: Redis | None,
    state: FSMContext,
) -> None:
    if callback_data.confirm:
        await state.clear()
        await privacy.erase_rows(pool, user.telegram_id)
        text = t(user.language, "forget_done")
    else:
        text = t(user.language, "forget_cancelled")
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)
    if callback_data.confirm:  # last: sending the reply itself takes the chat's send bucket
        await privacy.erase_keys(redis, user.telegram_id)


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="account")
    router.message.register(ask_forget, Command("forget", "delete"))
    router.callback_query.register(forget_confirmed, ForgetCb.filter())
    return router
