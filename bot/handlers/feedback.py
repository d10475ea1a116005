"""Feedback buttons under matches and alerts: good / bad / hide, stored in ``feedback``."""

from __future__ import annotations

import asyncpg
from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.users import User, add_feedback
from search.base import SearchBackend
from ui import tracker
from ui.keyboards import VERDICTS, FeedbackCb
from ui.texts import t


def without_posting(
    markup: InlineKeyboardMarkup | None, posting_id: str
) -> InlineKeyboardMarkup | None:
    """The keyboard minus the row of a hidden posting (``None`` when nothing is left)."""
    if markup is None:
        return None
    rows = [
        row
        for row in markup.inline_keyboard
        if not any(
            FeedbackCb.unpack(b.callback_data).posting_id == posting_id
            for b in row
            if b.callback_data and b.callback_data.startswith("fb:")
        )
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


async def feedback(
    query: CallbackQuery,
    callback_data: FeedbackCb,
    user: User,
    pool: asyncpg.Pool,
    backend: SearchBackend,
) -> None:
    verdict = VERDICTS.get(callback_data.verdict)
    if verdict is None:
        await query.answer()
        return
    await add_feedback(
        pool, user.telegram_id, callback_data.posting_id, verdict, {"index": callback_data.index}
    )
    if verdict != "hidden":
        await query.answer(t(user.language, "feedback_thanks"))
        return
    # The tracker keeps the job's cluster: its copies on other boards stay hidden too.
    await tracker.track(pool, backend, user.telegram_id, callback_data.posting_id, "hidden")
    await query.answer(t(user.language, "hidden"))
    message = query.message
    if not isinstance(message, Message):
        return  # too old to edit: the posting is still hidden from future lists
    if callback_data.index == 0:  # an alert: the whole message is about this posting
        await message.delete()
    else:
        await message.edit_reply_markup(
            reply_markup=without_posting(message.reply_markup, callback_data.posting_id)
        )


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="feedback")
    router.callback_query.register(feedback, FeedbackCb.filter())
    return router
